// OSS emulator throughput over loopback: small-object PUT/GET and ListObjectsV2 keys/s over
// 1,000,000 objects in one bucket (seeded in-process), with peak memory. Client and emulator share
// this process, so the figures are a floor for the emulator alone. Run: `npx tsx bench/emulator.ts`.
import { Pool } from 'undici';
import { startEmulator } from '../local/oss-emulator/index.ts';
import { createOssClient } from '../shared/oss/client.ts';
import { listObjectsV2 } from '../shared/oss/ops/list.ts';

export interface EmulatorBenchOptions {
  /** Objects in the listing bucket (default 1,000,000). */
  listObjects?: number;
  /** PUTs and GETs each (default 5,000). */
  smallOps?: number;
  /** Small object size in bytes (default 1 KiB). */
  smallSize?: number;
  /** Requests in flight (default 32). */
  concurrency?: number;
  /** Phase progress lines (default silent; the script prints them to stderr). */
  progress?: (line: string) => void;
  /** Pages (of 1000) also listed through our client (signing + model parsing); default 100, 0 = skip. */
  viaClientPages?: number;
}

export interface EmulatorBenchResult {
  putOpsPerSec: number;
  getOpsPerSec: number;
  /** PUT / GET per CPU second of this process (client + emulator). */
  putOpsPerCpuSec: number;
  getOpsPerCpuSec: number;
  seedObjectsPerSec: number;
  /** ListObjectsV2 pages of 1000 over raw HTTP (XML scanned with a regex), wall clock. */
  listKeysPerSec: number;
  /** The same per CPU second of this process (client + emulator): steadier on a shared machine. */
  listKeysPerCpuSec: number;
  /** The first `viaClientPages` pages through our client (signing, XML parsing into models). */
  listKeysPerSecViaClient: number;
  listedKeys: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

const MIB = 1024 * 1024;

function memoryWatch(): { stop(): { rss: number; heap: number } } {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rss: rss / MIB, heap: heap / MIB };
    },
  };
}

/** Ops per wall-clock second and per CPU second of this process. */
async function runConcurrent(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<[number, number]> {
  let next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return [total / ((performance.now() - t0) / 1000), total / ((cpu.user + cpu.system) / 1e6)];
}

export async function benchEmulator(options: EmulatorBenchOptions = {}): Promise<EmulatorBenchResult> {
  const say = options.progress ?? (() => undefined);
  const listObjects = options.listObjects ?? 1_000_000;
  const smallOps = options.smallOps ?? 5_000;
  const body = Buffer.alloc(options.smallSize ?? 1024, 'b');
  const concurrency = options.concurrency ?? 32;
  const mem = memoryWatch();
  const emu = await startEmulator({ dataPlane: false, logLimit: 1000 });
  let pool = new Pool(emu.endpoint, { connections: concurrency, pipelining: 1 });
  try {
    emu.seed.createBucket('bench-small', { acl: 'public-read-write' });
    const [putOpsPerSec, putOpsPerCpuSec] = await runConcurrent(smallOps, concurrency, async (i) => {
      const res = await pool.request({ method: 'PUT', path: `/bench-small/obj-${i}`, body });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`PUT ${res.statusCode}`);
    });
    const [getOpsPerSec, getOpsPerCpuSec] = await runConcurrent(smallOps, concurrency, async (i) => {
      const res = await pool.request({ method: 'GET', path: `/bench-small/obj-${i}` });
      const got = await res.body.arrayBuffer();
      if (res.statusCode !== 200 || got.byteLength !== body.length) throw new Error(`GET ${res.statusCode}`);
    });

    say(`put ${Math.round(putOpsPerSec)}/s (${Math.round(putOpsPerCpuSec)}/cpu-s) get ${Math.round(getOpsPerSec)}/s (${Math.round(getOpsPerCpuSec)}/cpu-s)`);
    // Seeding blocks the event loop for seconds: idle keep-alive sockets would race the server's
    // keep-alive timer afterwards, so the listing uses fresh connections.
    await pool.close();
    emu.seed.createBucket('bench-list', { acl: 'public-read' });
    const t0 = performance.now();
    emu.seed.putObjects('bench-list', listObjects, (i) => `logs/${String(i % 1000).padStart(4, '0')}/object-${String(i).padStart(8, '0')}.json`, '{}');
    const seedObjectsPerSec = listObjects / ((performance.now() - t0) / 1000);

    say(`seeded ${listObjects} objects at ${Math.round(seedObjectsPerSec)}/s`);
    pool = new Pool(emu.endpoint, { connections: 1 });
    let listed = 0;
    let token: string | undefined;
    const t1 = performance.now();
    const cpu1 = process.cpuUsage();
    for (let page = 0; page < listObjects / 1000 + 2; page++) {
      const qs = `list-type=2&max-keys=1000${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const res = await pool.request({ method: 'GET', path: `/bench-list/?${qs}` });
      const xml = await res.body.text();
      listed += xml.split('<Contents>').length - 1;
      token = /<NextContinuationToken>([^<]+)</.exec(xml)?.[1];
      if (!token) break;
    }
    const listKeysPerSec = listed / ((performance.now() - t1) / 1000);
    const cpuUsed = process.cpuUsage(cpu1);
    const listKeysPerCpuSec = listed / ((cpuUsed.user + cpuUsed.system) / 1e6);
    if (listed !== listObjects) throw new Error(`listed ${listed} of ${listObjects}`);

    say(`listed ${listed} keys at ${Math.round(listKeysPerSec)}/s (${Math.round(listKeysPerCpuSec)}/cpu-s)`);
    let listKeysPerSecViaClient = 0;
    const clientPages = options.viaClientPages ?? 100;
    if (clientPages > 0) {
    const client = createOssClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret } });
    let viaClient = 0;
    const t2 = performance.now();
    for await (const page of listObjectsV2(client, { bucket: 'bench-list', maxKeys: 1000 })) {
      viaClient += page.contents.length;
      if (viaClient >= clientPages * 1000) break;
    }
    listKeysPerSecViaClient = viaClient / ((performance.now() - t2) / 1000);
    if (viaClient !== Math.min(listObjects, clientPages * 1000)) throw new Error(`client listed ${viaClient}`);
    say(`listed via client at ${Math.round(listKeysPerSecViaClient)}/s`);
    }

    const peak = mem.stop();
    return {
      putOpsPerSec: Math.round(putOpsPerSec),
      getOpsPerSec: Math.round(getOpsPerSec),
      putOpsPerCpuSec: Math.round(putOpsPerCpuSec),
      getOpsPerCpuSec: Math.round(getOpsPerCpuSec),
      seedObjectsPerSec: Math.round(seedObjectsPerSec),
      listKeysPerSec: Math.round(listKeysPerSec),
      listKeysPerCpuSec: Math.round(listKeysPerCpuSec),
      listKeysPerSecViaClient: Math.round(listKeysPerSecViaClient),
      listedKeys: listed,
      peakRssMiB: Math.round(peak.rss),
      peakHeapMiB: Math.round(peak.heap),
    };
  } finally {
    if (!pool.closed) await pool.close();
    await emu.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchEmulator({ progress: (line) => process.stderr.write(`${line}\n`) });
  console.log(JSON.stringify(result, null, 2));
}

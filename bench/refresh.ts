// refresh-stale-objects at scale: N mirrored copies (100,000 and 1,000,000 by default; 1% stale, same size,
// other bytes) seeded through the emulator's in-process API in a services process of their own (emulator
// + origin), and each scan run in a fresh "function" process so its peak RSS is the function's alone.
// Measured in the same run: the engine (refetch) and a naive scan that HEADs both sides for every key.
// Figures: objects/s, origin requests and OSS HEADs per object, keys per list call, peak RSS.
// Run alone: `npx tsx bench/refresh.ts [--quick] [N ...]` (--quick: 2,000 objects).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface RefreshBenchOptions {
  sizes?: number[];
  concurrency?: number;
  /** The naive scan covers at most this many objects (its figures are rates; default 100,000). */
  naiveLimit?: number;
  log?: (line: string) => void;
}

export interface RefreshBenchRow {
  objects: number;
  mode: 'refresh' | 'naive';
  seconds: number;
  objectsPerSec: number;
  originRequestsPerObject: number;
  ossHeadsPerObject: number;
  ossRequestsPerObject: number;
  keysPerListCall: number;
  stale: number;
  refreshed?: number;
  peakRssMb: number;
}

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const TSX = ['--import', 'tsx'];

function firstLine(child: ChildProcess): Promise<any> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before answering`)));
  });
}

async function json(url: string, method = 'GET'): Promise<any> {
  const res = await fetch(url, { method });
  const text = await res.text();
  return text ? JSON.parse(text) : {};
}

async function measure(mode: 'refresh' | 'naive', svc: { endpoint: string; origin: string }, concurrency: number, naiveLimit: number): Promise<RefreshBenchRow> {
  await json(`${svc.endpoint}/-/admin/log`, 'DELETE');
  await json(`${svc.origin}-/stats`, 'DELETE');
  const worker = spawn(process.execPath, [...TSX, here('./refresh-worker.ts'), mode, svc.endpoint, svc.origin, String(concurrency), String(naiveLimit)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const r = await firstLine(worker);
  const n = r.scanned as number;
  const counters = await json(`${svc.endpoint}/-/admin/counters`);
  const origin = await json(`${svc.origin}-/stats`);
  const byOp = counters.byOp as Record<string, number>;
  // OSS requests include the engine's own state (manifest segments, checkpoint, lease) in another bucket
  return {
    objects: n, mode, seconds: +(r.ms / 1000).toFixed(1), objectsPerSec: Math.round(n / (r.ms / 1000)),
    originRequestsPerObject: +((origin.head + origin.get) / n).toFixed(4),
    ossHeadsPerObject: +((byOp.HeadObject ?? 0) / n).toFixed(4),
    ossRequestsPerObject: +(counters.requests / n).toFixed(4),
    keysPerListCall: Math.round(n / Math.max(1, r.listCalls as number)),
    stale: r.stale, ...(r.refreshed !== undefined ? { refreshed: r.refreshed } : {}),
    peakRssMb: +(Math.max(r.peakRss, r.maxRss) / 1048576).toFixed(1),
  };
}

export async function benchRefresh(options: RefreshBenchOptions = {}): Promise<{ rows: RefreshBenchRow[]; rssGrowthMb?: number }> {
  const sizes = options.sizes ?? [100_000, 1_000_000];
  const concurrency = options.concurrency ?? 32;
  const say = options.log ?? (() => {});
  const rows: RefreshBenchRow[] = [];
  for (const n of sizes) {
    const services = spawn(process.execPath, [...TSX, here('./refresh-services.ts'), String(n), '100'], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const svc = await firstLine(services);
      say(`refresh: ${n} objects seeded (services process RSS ${(svc.rss / 1048576).toFixed(0)} MB)`);
      for (const mode of ['naive', 'refresh'] as const) {
        const row = await measure(mode, svc, concurrency, options.naiveLimit ?? 100_000);
        rows.push(row);
        say(`refresh: ${n} seeded, ${mode.padEnd(7)} over ${row.objects}: ${row.objectsPerSec} obj/s, ${row.originRequestsPerObject} origin req/obj, ${row.ossHeadsPerObject} OSS HEAD/obj, ` +
          `${row.keysPerListCall} keys/list, stale ${row.stale}${row.refreshed !== undefined ? `, refreshed ${row.refreshed}` : ''}, peak RSS ${row.peakRssMb} MB`);
      }
    } finally {
      services.stdin!.end();
      await new Promise((r) => services.once('exit', r));
    }
  }
  const ours = rows.filter((r) => r.mode === 'refresh');
  const growth = ours.length >= 2 ? +(ours.at(-1)!.peakRssMb - ours[0]!.peakRssMb).toFixed(1) : undefined;
  if (growth !== undefined) say(`refresh: peak RSS growth from ${ours[0]!.objects} to ${ours.at(-1)!.objects} objects: ${growth} MB (target ≤ 50)`);
  return { rows, ...(growth !== undefined ? { rssGrowthMb: growth } : {}) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const sizes = args.includes('--quick') ? [2_000] : args.filter((a) => /^\d+$/.test(a)).map(Number);
  const result = await benchRefresh({ ...(sizes.length ? { sizes } : {}), log: (l) => console.log(l) });
  console.log(JSON.stringify(result, null, 2));
}

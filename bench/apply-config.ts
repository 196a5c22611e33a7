// apply-config plan over many buckets against the OSS emulator: requests per bucket (target: exactly 3
// reads — website, CORS, Referer — and no write when unchanged) and wall time with bounded concurrency
// vs a one-bucket-at-a-time baseline measured in the same run. The emulator adds `latencyMs` to every
// request to stand in for a network round trip (loopback answers in well under a millisecond).
// Client and emulator share this process. Run alone: `npx tsx bench/apply-config.ts`.
import { loadConfig } from '../shared/config/index.ts';
import { runConfig } from '../shared/apply/index.ts';
import { createOssClient } from '../shared/oss/client.ts';
import { startEmulator } from '../local/oss-emulator/index.ts';

export interface ApplyConfigBenchOptions {
  buckets?: number;
  /** Buckets in flight for the concurrent run (default 16, the engine's default). */
  concurrency?: number;
  /** Added by the emulator to every request (default 5 ms). */
  latencyMs?: number;
  log?: (line: string) => void;
}

export interface ApplyConfigBenchResult {
  buckets: number;
  concurrency: number;
  latencyMs: number;
  /** Requests per bucket of an unchanged plan (reads; writes are counted apart). */
  requestsPerBucket: number;
  readsPerBucket: number;
  writes: number;
  concurrentMs: number;
  sequentialMs: number;
  speedup: number;
  bucketsPerSecConcurrent: number;
}

function configText(n: number): string {
  const lines = ['version: 1', 'buckets:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  bench-${String(i).padStart(4, '0')}:`,
      '    website:',
      '      indexDocument: {suffix: index.html}',
      '      routingRules:',
      '        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}',
      `          redirect: {redirectType: Mirror, mirrorURL: 'https://origin-${i}.example.com/', mirrorCheckMd5: true, mirrorHeaders: {pass: [x-a, x-b]}}`,
      '    cors:',
      "      rules: [{allowedOrigin: ['https://www.example.com'], allowedMethod: [GET, HEAD], maxAgeSeconds: 600}]",
      "    referer: {allowEmptyReferer: false, refererList: ['https://*.example.com']}");
  }
  return `${lines.join('\n')}\n`;
}

export async function benchApplyConfig(options: ApplyConfigBenchOptions = {}): Promise<ApplyConfigBenchResult> {
  const n = options.buckets ?? 500;
  const concurrency = options.concurrency ?? 16;
  const latencyMs = options.latencyMs ?? 5;
  const say = options.log ?? (() => {});
  const loaded = await loadConfig(configText(n));
  if (!loaded.ok) throw new Error(loaded.issues[0]!.message);
  const config = loaded.config;
  const emu = await startEmulator({ dataPlane: false, logLimit: n * 10 });
  try {
    for (const b of config.buckets) emu.seed.createBucket(b.name);
    const client = createOssClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }, connections: 64 });
    const clientFor = () => client;
    const setup = await runConfig(config, { mode: 'apply', clientFor, concurrency: 32 });
    if (setup.outcomes.some((o) => o.status !== 'applied')) throw new Error('set-up apply failed');
    say(`applied ${n} buckets`);
    emu.faults.set([{ latencyMs }]);

    const timed = async (c: number) => {
      emu.resetLog();
      const t0 = performance.now();
      const r = await runConfig(config, { mode: 'plan', clientFor, concurrency: c });
      const ms = performance.now() - t0;
      if (r.outcomes.some((o) => o.status !== 'unchanged')) throw new Error('plan of an applied config is not empty');
      const log = emu.requestLog();
      return { ms, requests: log.length, reads: log.filter((e) => e.method === 'GET').length, writes: log.filter((e) => e.method !== 'GET' && e.method !== 'HEAD').length };
    };
    const seq = await timed(1);
    say(`one bucket at a time: ${seq.ms.toFixed(0)} ms`);
    const conc = await timed(concurrency);
    say(`${concurrency} buckets at a time: ${conc.ms.toFixed(0)} ms`);
    if (conc.requests !== seq.requests) throw new Error('the two runs made different requests');
    return {
      buckets: n, concurrency, latencyMs,
      requestsPerBucket: conc.requests / n,
      readsPerBucket: conc.reads / n,
      writes: conc.writes + seq.writes,
      concurrentMs: Math.round(conc.ms),
      sequentialMs: Math.round(seq.ms),
      speedup: Number((seq.ms / conc.ms).toFixed(2)),
      bucketsPerSecConcurrent: Math.round(n / (conc.ms / 1000)),
    };
  } finally {
    await emu.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchApplyConfig({ log: (line) => process.stderr.write(`${line}\n`) });
  console.log(JSON.stringify(result, null, 2));
}

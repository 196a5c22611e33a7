// Mirror warm-up at scale: N keys (100,000 by default), half already in the bucket, warmed by the engine
// (listings find the present half; one signed GET per missing key through the emulator's own mirroring)
// against a naive loop of anonymous GETs of every key through the data plane, in the same run, same
// emulator, same loopback origin, same concurrency. Figures: keys/s, origin requests per key, OSS
// requests per key. Run alone: `npx tsx bench/warm.ts [N]`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../local/oss-emulator/index.ts';
import { createOssClient } from '../shared/oss/client.ts';
import type { RoutingRule } from '../shared/oss/models/website.ts';
import { runBounded } from '../shared/refresh/rate.ts';
import { warmBucket } from '../shared/refresh/warm/engine.ts';
import { normalizeKeys } from '../shared/refresh/warm/key-list.ts';

export interface WarmBenchRow {
  mode: 'warm' | 'naive';
  keys: number;
  seconds: number;
  keysPerSec: number;
  originRequestsPerKey: number;
  ossRequestsPerKey: number;
}

const CONCURRENCY = 16;

export async function benchWarm(o: { keys?: number; log?: (line: string) => void } = {}): Promise<WarmBenchRow[]> {
  const n = o.keys ?? 100_000;
  const log = o.log ?? (() => undefined);
  let originRequests = 0;
  const body = Buffer.alloc(512, 'x');
  const origin = createServer((_req, res) => {
    originRequests++;
    res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'text/css' });
    res.end(body);
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}/`;
  const emu = await startEmulator({ logLimit: 1000 });
  const rule = { ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: originUrl } } as RoutingRule;
  const allKeys = normalizeKeys(Array.from({ length: n }, (_, i) => `site/${i % 100}/asset-${i}.css`));
  const rows: WarmBenchRow[] = [];
  try {
    // an unmeasured round of each first, so neither pays for the JIT and the first connections
    for (const [mode, round] of [['warm', 'jit'], ['naive', 'jit'], ['warm', 'run'], ['naive', 'run']] as const) {
      const bucket = `bench-${mode}-${round}`;
      const keys: string[] = round === 'jit' ? allKeys.slice(0, 2000) : allKeys;
      const count = keys.length;
      emu.seed.createBucket(bucket, { acl: 'public-read', website: { routingRules: [rule] } });
      keys.forEach((k, i) => i % 2 === 0 && emu.seed.putObject(bucket, k, body));
      const ossBefore = emu.counters().requests;
      const originBefore = originRequests;
      const started = performance.now();
      if (mode === 'warm') {
        // 1,000,000 QPS and 1 TB/s: no budget, the engine's own cost is measured
        const client = createOssClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret } });
        const warmClient = createOssClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }, retry: { maxAttempts: 1 } });
        const r = await warmBucket({ client, warmClient, bucket, rules: [rule], keys, qps: 1_000_000, bytesPerSecond: 1e12, concurrency: CONCURRENCY });
        if (r.counters.warmed !== Math.floor(count / 2) || r.counters.failed) throw new Error(`warm-up incomplete: ${JSON.stringify(r.counters)}`);
      } else {
        await runBounded(keys, CONCURRENCY, () => true, async (k) => {
          const res = await fetch(`${emu.endpoint}/${bucket}/${k.split('/').map(encodeURIComponent).join('/')}`);
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`naive GET ${k}: ${res.status}`);
        });
      }
      const seconds = (performance.now() - started) / 1000;
      const row: WarmBenchRow = {
        mode, keys: count, seconds: Number(seconds.toFixed(2)), keysPerSec: Math.round(count / seconds),
        originRequestsPerKey: Number(((originRequests - originBefore) / count).toFixed(3)), ossRequestsPerKey: Number(((emu.counters().requests - ossBefore) / count).toFixed(3)),
      };
      if (round === 'jit') continue;
      log(`${mode.padEnd(5)} ${count} keys (half present): ${row.keysPerSec} keys/s, ${row.originRequestsPerKey} origin req/key, ${row.ossRequestsPerKey} OSS req/key`);
      rows.push(row);
    }
  } finally {
    await emu.close();
    await new Promise((r) => origin.close(r));
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 100_000);
  console.log(JSON.stringify(await benchWarm({ keys: n, log: console.log }), null, 2));
}

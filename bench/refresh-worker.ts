// The "function" process of the refresh benchmark: runs refresh-stale-objects' engine (or the naive
// HEAD-both-sides scan) against the services process and prints one JSON line with its figures,
// including this process's peak RSS.
import { createOriginSession } from '../shared/net/index.ts';
import { createOssClient } from '../shared/oss/client.ts';
import { headObject } from '../shared/oss/ops/object.ts';
import { listObjectsV2 } from '../shared/oss/ops/list.ts';
import { refreshRange } from '../shared/refresh/scan.ts';
import { runBounded } from '../shared/refresh/rate.ts';
import type { RoutingRule } from '../shared/oss/models/website.ts';
import { originTargetFor } from '../shared/refresh/origin.ts';

const [mode, endpoint, originUrl, concurrencyText, limitText] = process.argv.slice(2) as [string, string, string, string?, string?];
const limit = Number(limitText ?? Infinity);
const concurrency = Number(concurrencyText ?? 32);
const client = createOssClient({ endpoint, region: 'cn-hangzhou', credentials: { accessKeyId: 'ossedge-local-ak', accessKeySecret: 'ossedge-local-secret' }, connections: 64 });
const rules = [{ ruleNumber: 1, condition: { keyPrefixEquals: 'obj/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: originUrl } }] as RoutingRule[];
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);

const started = performance.now();
let out: Record<string, unknown>;
if (mode === 'refresh') {
  const r = await refreshRange({
    client, state: { bucket: 'bench-state', prefix: 'state/' }, range: { bucket: 'bench', prefix: 'obj/' }, rules, runId: `bench-${Date.now()}`,
    net: { allowPrivate: true, connectionsPerOrigin: concurrency }, limits: { concurrency, maxItems: 100 },
  });
  out = { complete: r.complete, ...r.counters };
} else {
  // naive: HEAD the copy in OSS and HEAD the origin for every key, compare Content-Length and Content-MD5
  const session = createOriginSession({ allowPrivate: true, connectionsPerOrigin: concurrency });
  const c = { scanned: 0, stale: 0, unchanged: 0, failed: 0, listCalls: 0 };
  for await (const page of listObjectsV2(client, { bucket: 'bench', prefix: 'obj/', maxKeys: 1000 })) {
    if (c.scanned >= limit) break;
    c.listCalls++;
    await runBounded(page.contents, concurrency, () => true, async (o) => {
      c.scanned++;
      try {
        const [copy, res] = await Promise.all([
          headObject(client, { bucket: 'bench', key: o.key }),
          session.request(originTargetFor(rules, o.key)!.url, { method: 'HEAD', md5: false, crc64: false }),
        ]);
        await res.dump();
        const len = Number(res.headers['content-length']);
        if (len !== copy.size || res.headers['content-md5'] !== copy.contentMd5) c.stale++;
        else c.unchanged++;
      } catch {
        c.failed++;
      }
    });
  }
  await session.close();
  out = c;
}
const ms = performance.now() - started;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ mode, ms, peakRss: peak, maxRss: process.resourceUsage().maxRSS * 1024, ...out })}\n`);
process.exit(0);

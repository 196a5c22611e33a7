// The services of the refresh benchmark, in their own process so the function's memory is measured
// alone: the OSS emulator (admin endpoint on) with N mirrored copies seeded through its in-process API,
// and an origin whose files equal the copies except 1 in 100 (same size, other bytes). Prints one JSON
// line {endpoint, origin} when ready; runs until stdin closes. `GET/DELETE /-/stats` on the origin.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../local/oss-emulator/index.ts';

const n = Number(process.argv[2] ?? 1000);
const staleEvery = Number(process.argv[3] ?? 100);
export const BENCH_BUCKET = 'bench';
export const BENCH_STATE_BUCKET = 'bench-state';

const keyOf = (i: number) => `obj/${String(i).padStart(8, '0')}.bin`;
const BODY = Buffer.alloc(2048, 'a');
const CHANGED = Buffer.alloc(2048, 'b');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');
const BODY_MD5 = md5(BODY);
const CHANGED_MD5 = md5(CHANGED);
const LAST_MODIFIED = new Date(Date.now() - 86_400_000).toUTCString();

const emu = await startEmulator({ dataPlane: false, adminEnabled: true, logLimit: 1 });
emu.seed.createBucket(BENCH_BUCKET);
emu.seed.createBucket(BENCH_STATE_BUCKET);
emu.seed.putObjects(BENCH_BUCKET, n, keyOf, BODY, { lastModified: Date.now() - 3_600_000, contentType: 'application/octet-stream' });

const stats = { head: 0, get: 0 };
const origin = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/-/stats') {
    if (req.method === 'DELETE') Object.assign(stats, { head: 0, get: 0 });
    res.end(JSON.stringify(stats));
    return;
  }
  const m = /^\/obj\/(\d{8})\.bin$/.exec(path);
  if (!m || Number(m[1]) >= n) {
    res.writeHead(404).end();
    return;
  }
  const changed = Number(m[1]) % staleEvery === 0;
  const body = changed ? CHANGED : BODY;
  if (req.method === 'HEAD') stats.head++;
  else stats.get++;
  res.writeHead(200, { 'content-length': String(body.length), 'content-md5': changed ? CHANGED_MD5 : BODY_MD5, 'last-modified': LAST_MODIFIED, 'content-type': 'application/octet-stream' });
  res.end(req.method === 'HEAD' ? undefined : body);
});
origin.keepAliveTimeout = 30_000;
await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
process.stdout.write(`${JSON.stringify({ endpoint: emu.endpoint, origin: `http://127.0.0.1:${(origin.address() as AddressInfo).port}/`, rss: process.memoryUsage().rss })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  origin.close();
  await emu.close();
  process.exit(0);
});

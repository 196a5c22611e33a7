// refresh-stale-objects under hostile origins and OSS faults, as a soak: rounds of refresh decisions over
// N copies against a loopback origin whose answers flip per key and round between good bodies (a new
// version, validators of every kind), 200 error pages, truncations (a shorter body announced, or the
// connection cut), other media types, 5xx and hangs, with emulator faults on (errors, resets, truncated
// answers on HEAD/PUT/COPY, DeleteObject failing often). After each round every copy is checked against
// what the origin's HEAD described. Printed: copies replaced by a body that contradicts the evidence (must
// be 0), copies lost (0), copies changed without an item in the report (0).
// Not a test: `npm run bench -- refresh-soak [--quick]`, or `npx tsx bench/refresh-soak.ts [--quick]`.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorHandle, type FaultRule } from '../local/oss-emulator/index.ts';
import { createOssClient } from '../shared/oss/client.ts';
import type { RoutingRule } from '../shared/oss/models/website.ts';
import type { ReportItem } from '../shared/report/model.ts';
import { refreshRange } from '../shared/refresh/scan.ts';
import { ZERO_COUNTERS } from '../shared/refresh/types.ts';

export interface SoakOptions {
  objects?: number;
  rounds?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  decisions: number;
  seconds: number;
  replacedContradicting: number;
  lost: number;
  notReported: number;
  /** Runs that threw instead of returning a report. */
  runErrors: number;
  refreshed: number;
  refused: number;
  failed: number;
  codes: Record<string, number>;
  faultsInjected: number;
  /** The first few copies that broke a rule, with what the report said about them. */
  anomalies: string[];
}

type Mode = 'good' | 'errorPage' | 'shortBody' | 'cutBody' | 'otherType' | 'status5xx' | 'hangHead' | 'hangGet';
const MODES: Array<[Mode, number]> = [['good', 45], ['errorPage', 15], ['shortBody', 10], ['cutBody', 8], ['otherType', 7], ['status5xx', 5], ['hangHead', 5], ['hangGet', 5]];
type Validators = 'md5' | 'etagMd5' | 'opaque' | 'none';

interface Truth {
  body: Buffer;
  version: number;
  validators: Validators;
  type?: string;
  mode: Mode;
  lastModified: string;
}

const BUCKET = 'soak';
const STATE = { bucket: 'soak-state', prefix: 'state/' };
// generous for loopback: the origin, the emulator and the engine share one event loop on a busy machine
const ORIGIN_BUDGET_MS = 1_000;
const CONCURRENCY = 64;

/** mulberry32: reproducible dice. */
function dice(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest();
const keyOf = (i: number) => `k/${String(i).padStart(5, '0')}.bin`;
const bodyOf = (i: number, v: number) => Buffer.from(`object ${i} version ${v} `.repeat(1 + ((i + v) % 7)));

function pick(random: () => number): Mode {
  let r = random() * 100;
  for (const [m, w] of MODES) if ((r -= w) < 0) return m;
  return 'good';
}

function evidenceHeaders(t: Truth): Record<string, string> {
  const h: Record<string, string> = { 'content-length': String(t.body.length), 'last-modified': t.lastModified };
  if (t.validators === 'md5') h['content-md5'] = md5(t.body).toString('base64');
  if (t.validators === 'etagMd5') h.etag = `"${md5(t.body).toString('hex')}"`;
  if (t.validators === 'opaque') h.etag = `"${t.body.length.toString(16)}-v${t.version}"`;
  if (t.type) h['content-type'] = t.type;
  return h;
}

/** The origin: HEAD always tells the truth (or hangs); GET follows the key's mode for this round. */
function startSoakOrigin(truths: Map<string, Truth>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    const t = truths.get(decodeURIComponent((req.url ?? '/').slice(1)));
    if (!t) {
      res.writeHead(404, { 'content-length': '0' }).end();
      return;
    }
    const head = req.method === 'HEAD';
    if ((head && t.mode === 'hangHead') || (!head && t.mode === 'hangGet')) return; // never answers; the client gives up
    const h = evidenceHeaders(t);
    if (head) {
      res.writeHead(200, h).end();
      return;
    }
    switch (t.mode) {
      case 'errorPage': {
        const page = Buffer.from('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(page.length) }).end(page);
        return;
      }
      case 'shortBody': {
        const part = t.body.subarray(0, Math.max(0, t.body.length - 5));
        res.writeHead(200, { ...h, 'content-length': String(part.length) }).end(part);
        return;
      }
      case 'cutBody':
        res.writeHead(200, h);
        res.write(t.body.subarray(0, t.body.length >> 1), () => res.socket?.destroy());
        return;
      case 'otherType':
        res.writeHead(200, { ...h, 'content-type': t.type === 'image/png' ? 'application/json' : 'image/png' }).end(Buffer.alloc(t.body.length, 0x2a));
        return;
      case 'status5xx':
        res.writeHead(502, { 'content-length': '3' }).end('bad');
        return;
      default:
        res.writeHead(200, h).end(t.body);
    }
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server })));
}

const FAULTS: FaultRule[] = [
  { op: 'HeadObject', bucket: BUCKET, errorRate: 0.03, resetRate: 0.01 },
  { op: 'PutObject', bucket: BUCKET, errorRate: 0.04, resetRate: 0.01, truncateRate: 0.02 },
  { op: 'CopyObject', bucket: BUCKET, errorRate: 0.04, resetRate: 0.01, truncateRate: 0.04 },
  { op: 'DeleteObject', bucket: BUCKET, errorRate: 0.3 },
  // housekeeping in the state bucket (old manifest generations, checkpoints) always fails
  { op: 'DeleteObject', bucket: STATE.bucket, errorRate: 1 },
];

export async function benchRefreshSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const n = options.objects ?? 500;
  const rounds = options.rounds ?? 20;
  const say = options.log ?? (() => {});
  const random = dice(options.seed ?? 20261206);
  const emu: EmulatorHandle = await startEmulator({ dataPlane: false, faultSeed: options.seed ?? 20261206 });
  const truths = new Map<string, Truth>();
  const origin = await startSoakOrigin(truths);
  const out: SoakResult = { decisions: 0, seconds: 0, replacedContradicting: 0, lost: 0, notReported: 0, runErrors: 0, refreshed: 0, refused: 0, failed: 0, codes: {}, faultsInjected: 0, anomalies: [] };
  const started = performance.now();
  try {
    emu.seed.createBucket(STATE.bucket);
    emu.seed.createBucket(BUCKET);
    const old = new Date(Date.now() - 3 * 3_600_000);
    for (let i = 0; i < n; i++) {
      const body = bodyOf(i, 0);
      emu.seed.putObject(BUCKET, keyOf(i), body, { lastModified: old, contentType: 'application/octet-stream' });
      truths.set(keyOf(i), { body, version: 0, validators: 'none', mode: 'good', lastModified: old.toUTCString() });
    }
    // the production retry layer, with short backoffs: faults are frequent here and the soak is not a latency figure
    const client = createOssClient({
      endpoint: emu.endpoint, region: emu.region, retry: { baseDelayMs: 10, maxDelayMs: 100 },
      credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, ...(emu.securityToken ? { securityToken: emu.securityToken } : {}) },
    });
    const rules = [{ ruleNumber: 1, condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url } } as RoutingRule];
    emu.faults.set(FAULTS);
    for (let round = 1; round <= rounds; round++) {
      const before = new Map<string, Buffer>();
      for (let i = 0; i < n; i++) {
        const k = keyOf(i);
        before.set(k, (await emu.seed.readObject(BUCKET, k))!);
        const t = truths.get(k)!;
        const changes = random() < 0.4;
        const validators = (['md5', 'etagMd5', 'opaque', 'none'] as const)[Math.floor(random() * 4)]!;
        const mode = pick(random);
        // a lie about the media type is only evidence when the HEAD named one
        const type = random() < 0.5 || mode === 'otherType' ? (random() < 0.5 ? 'application/octet-stream' : 'image/png') : undefined;
        const version = changes ? t.version + 1 : t.version;
        const lastModified = changes ? new Date(Date.now() + round * 1000).toUTCString() : t.lastModified;
        truths.set(k, { body: changes ? bodyOf(i, version) : t.body, version, validators, mode, lastModified, ...(type ? { type } : {}) });
      }
      const roundStarted = performance.now();
      // a run that throws loses its items: every copy it changed then counts as not reported
      const r = await refreshRange({
        client, state: STATE, range: { bucket: BUCKET, prefix: 'k/' }, rules, runId: `soak-${round}`, net: { allowPrivate: true, connectionsPerOrigin: CONCURRENCY },
        originBudgetMs: ORIGIN_BUDGET_MS, refetchBudgetMs: 2 * ORIGIN_BUDGET_MS, limits: { concurrency: CONCURRENCY, maxItems: 4 * n },
      }).catch((err: unknown) => {
        out.runErrors += 1;
        say(`refresh-soak: round ${round}: the run failed (${(err as { code?: string }).code ?? (err as Error).message})`);
        return { counters: { ...ZERO_COUNTERS }, items: [] as ReportItem[] };
      });
      const runMs = performance.now() - roundStarted;
      out.decisions += r.counters.scanned;
      out.refreshed += r.counters.refreshed;
      out.refused += r.counters.refused;
      out.failed += r.counters.failed;
      const reported = new Set<string>();
      for (const item of r.items) {
        out.codes[item.code] = (out.codes[item.code] ?? 0) + 1;
        if (item.code === 'STALE_REFRESHED' && item.target) reported.add(item.target);
      }
      for (let i = 0; i < n; i++) {
        const k = keyOf(i);
        const now = await emu.seed.readObject(BUCKET, k);
        if (!now) {
          out.lost += 1;
          continue;
        }
        if (now.equals(before.get(k)!)) continue;
        // a changed copy must hold exactly what the HEAD described, and be in the report
        const contradicting = !now.equals(truths.get(k)!.body);
        if (contradicting) out.replacedContradicting += 1;
        if (!reported.has(k)) out.notReported += 1;
        if ((contradicting || !reported.has(k)) && out.anomalies.length < 10) {
          const said = r.items.filter((i) => i.target === k).map((i) => `${i.code}: ${i.message}`).join(' | ');
          out.anomalies.push(`round ${round} ${k} (mode ${truths.get(k)!.mode}): ${contradicting ? 'holds a body the HEAD did not describe' : 'changed without STALE_REFRESHED'}; report: ${said || '(nothing)'}`);
        }
      }
      say(`refresh-soak: round ${round}/${rounds}: ${r.counters.scanned} decisions, ${r.counters.refreshed} refreshed, ${r.counters.refused} refused, ${r.counters.failed} failed, ${r.counters.unchanged} unchanged (${Math.round(runMs)} ms)`);
    }
  } finally {
    out.faultsInjected = emu.counters().faultsInjected;
    emu.faults.clear();
    await new Promise<void>((resolve) => {
      origin.server.closeAllConnections();
      origin.server.close(() => resolve());
    });
    await emu.close();
  }
  out.seconds = +((performance.now() - started) / 1000).toFixed(1);
  say(`refresh-soak: ${out.decisions} decisions in ${out.seconds} s; copies replaced by a body that contradicts the evidence: ${out.replacedContradicting} (must be 0), copies lost: ${out.lost} (0), copies changed but not reported: ${out.notReported} (0), runs that failed: ${out.runErrors}`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const result = await benchRefreshSoak({ ...(quick ? { objects: 100, rounds: 10 } : {}), log: (l) => console.log(l) });
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.replacedContradicting + result.lost + result.notReported === 0 ? 0 : 1;
}

// V4 header-signing throughput: ossedge's signV4 vs ali-oss 6.23.0's signUtils.authorizationV4,
// on the same requests, in the same process. Run alone: `npx tsx bench/signing.ts`.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signV4, signingTime, type SignableRequest } from '../shared/oss/signer/index.ts';

type AliQueries = Record<string, string | null>;
interface AliSignUtils {
  authorizationV4(
    accessKeyId: string,
    accessKeySecret: string,
    region: string,
    method: string,
    request: { headers: Record<string, string>; queries: AliQueries },
    bucketName?: string,
    objectName?: string,
    additionalHeaders?: string[],
  ): string;
}

export interface SigningBenchResult {
  oursOpsPerSec: number;
  aliOssOpsPerSec: number;
  /** Best ours / best ali-oss. */
  ratio: number;
  /** Median over adjacent (ours, ali-oss) slice pairs: robust to load changes during the run. */
  medianSliceRatio: number;
}

const CREDENTIALS = { accessKeyId: 'LTAI5tBench', accessKeySecret: 'bench-secret', securityToken: 'bench-sts-token' };
const REGION = 'cn-hangzhou';
/** Per side: the run takes about twice this. */
const DEFAULT_DURATION_MS = 2000;
const SLICE_MS = 50;

/** Requests shaped like ossedge's traffic: control-plane sub-resources, object calls, a listing. */
const REQUESTS: SignableRequest[] = [
  { method: 'GET', bucket: 'assets', query: [['website', '']], headers: {} },
  {
    method: 'PUT',
    bucket: 'assets',
    query: [['cors', '']],
    headers: { 'Content-Type': 'application/xml', 'Content-MD5': 'njSX/RNOCS5Jja3Wptz0vw==' },
  },
  {
    method: 'PUT',
    bucket: 'assets',
    key: 'static/js/app.3f9a1c.js',
    query: [],
    headers: {
      'Content-Type': 'application/javascript',
      'Content-MD5': 'XUFAKrxLKna5cZ2REBfFkg==',
      'x-oss-forbid-overwrite': 'true',
      'x-oss-meta-origin-etag': '"abc123"',
    },
  },
  { method: 'HEAD', bucket: 'assets', key: 'images/a b+c.png', query: [], headers: {} },
  {
    method: 'GET',
    bucket: 'assets',
    query: [['list-type', '2'], ['prefix', 'images/'], ['max-keys', '1000'], ['continuation-token', 'Y2hlY2twb2ludA==']],
    headers: {},
  },
];

function aliInputs(req: SignableRequest, date: string) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers['x-oss-date'] = date;
  headers['x-oss-content-sha256'] = 'UNSIGNED-PAYLOAD';
  headers['x-oss-security-token'] = CREDENTIALS.securityToken;
  const queries: AliQueries = {};
  for (const [k, v] of req.query) queries[k] = v === '' ? null : v;
  return { method: req.method, request: { headers, queries }, bucket: req.bucket, key: req.key };
}

function opsPerSec(fn: () => void, durationMs: number): number {
  const batch = 200;
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Measures both signers (after checking they agree on every request) and prints the figures. */
export async function benchSigning(options: { durationMs?: number; log?: (line: string) => void } = {}): Promise<SigningBenchResult> {
  const durationMs = options.durationMs ?? DEFAULT_DURATION_MS;
  const log = options.log ?? ((line: string) => console.log(line));
  const ali = createRequire(import.meta.url)('ali-oss/lib/common/signUtils.js') as AliSignUtils;
  const now = new Date();
  const iso = signingTime(now).iso;
  const aliRequests = REQUESTS.map((r) => aliInputs(r, iso));

  // Same requests, same time: both must produce the same Authorization header.
  REQUESTS.forEach((request, i) => {
    const a = aliRequests[i]!;
    const ours = signV4({ request, credentials: CREDENTIALS, time: now, region: REGION }).headers['authorization'];
    const theirs = ali.authorizationV4(CREDENTIALS.accessKeyId, CREDENTIALS.accessKeySecret, REGION, a.method, a.request, a.bucket, a.key);
    if (ours !== theirs) throw new Error(`signers disagree on request ${i}: ${ours} vs ${theirs}`);
  });

  let n = 0;
  const runOurs = () => {
    const request = REQUESTS[n++ % REQUESTS.length]!;
    signV4({ request, credentials: CREDENTIALS, time: new Date(), region: REGION });
  };
  let m = 0;
  const runAli = () => {
    const a = aliRequests[m++ % aliRequests.length]!;
    ali.authorizationV4(CREDENTIALS.accessKeyId, CREDENTIALS.accessKeySecret, REGION, a.method, a.request, a.bucket, a.key);
  };
  opsPerSec(runOurs, SLICE_MS * 4); // warm-up
  opsPerSec(runAli, SLICE_MS * 4);
  // Short alternating slices: on a shared machine both sides see the same load, and the best slice
  // of each side approximates its uncontended speed.
  const oursRates: number[] = [];
  const aliRates: number[] = [];
  const pairRatios: number[] = [];
  const slices = Math.max(4, Math.round(durationMs / SLICE_MS));
  for (let i = 0; i < slices; i++) {
    let o: number;
    let a: number;
    if (i % 2 === 0) {
      o = opsPerSec(runOurs, SLICE_MS);
      a = opsPerSec(runAli, SLICE_MS);
    } else {
      a = opsPerSec(runAli, SLICE_MS);
      o = opsPerSec(runOurs, SLICE_MS);
    }
    oursRates.push(o);
    aliRates.push(a);
    pairRatios.push(o / a);
  }
  const ours = Math.max(...oursRates);
  const theirs = Math.max(...aliRates);
  const medianRatio = median(pairRatios);
  const result = { oursOpsPerSec: ours, aliOssOpsPerSec: theirs, ratio: ours / theirs, medianSliceRatio: medianRatio };
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  log(`signing V4 (header, ${REQUESTS.length} request shapes, STS token; best of ${slices} alternating ${SLICE_MS} ms slices each):`);
  log(`  ossedge signV4             ${fmt(ours).padStart(10)} ops/s`);
  log(`  ali-oss authorizationV4    ${fmt(theirs).padStart(10)} ops/s`);
  log(`  ratio                      ${result.ratio.toFixed(2)}x best/best, ${medianRatio.toFixed(2)}x median of paired slices (target >= 3x)`);
  return result;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchSigning();
}

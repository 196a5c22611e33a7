// V4 header-signing throughput: ossedge's signV4 vs ali-oss 6.23.0's signUtils.authorizationV4,
// on the same requests, in the same process. Run alone: `npx tsx bench/signing.ts`.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signV4, signingTime, type SignableRequest } from '../shared/oss/signer/index.ts';
import { median } from './stats.ts';

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

/** Operations per second of CPU time (median slice). */
export interface SigningBenchResult {
  oursOpsPerSec: number;
  aliOssOpsPerSec: number;
  /** oursOpsPerSec / aliOssOpsPerSec. */
  ratio: number;
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

/**
 * Runs `fn` for about `wallMs` and returns operations per second of this process's CPU time (user +
 * system), not of wall time: on a machine shared with other work, CPU time is what the signer
 * itself costs.
 */
function opsPerCpuSecond(fn: () => void, wallMs: number): number {
  const batch = 100;
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < wallMs) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
  }
  const cpu = process.cpuUsage(cpu0);
  return (ops / Math.max(1, cpu.user + cpu.system)) * 1e6;
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
  opsPerCpuSecond(runOurs, SLICE_MS * 4); // warm-up
  opsPerCpuSecond(runAli, SLICE_MS * 4);
  // Short alternating slices, both measured in CPU time; the median slice of each side is robust to
  // load changes during the run.
  const oursRates: number[] = [];
  const aliRates: number[] = [];
  const slices = Math.max(4, Math.round(durationMs / SLICE_MS));
  for (let i = 0; i < slices; i++) {
    if (i % 2 === 0) {
      oursRates.push(opsPerCpuSecond(runOurs, SLICE_MS));
      aliRates.push(opsPerCpuSecond(runAli, SLICE_MS));
    } else {
      aliRates.push(opsPerCpuSecond(runAli, SLICE_MS));
      oursRates.push(opsPerCpuSecond(runOurs, SLICE_MS));
    }
  }
  const ours = median(oursRates);
  const theirs = median(aliRates);
  const result = { oursOpsPerSec: ours, aliOssOpsPerSec: theirs, ratio: ours / theirs };
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  log(`signing V4 (header, ${REQUESTS.length} request shapes, STS token; median of ${slices} alternating ${SLICE_MS} ms slices, per CPU second):`);
  log(`  ossedge signV4             ${fmt(ours).padStart(10)} ops/s`);
  log(`  ali-oss authorizationV4    ${fmt(theirs).padStart(10)} ops/s`);
  log(`  ratio                      ${result.ratio.toFixed(2)}x (target >= 3x)`);
  return result;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchSigning();
}

import type OSS from 'ali-oss';
import type { DecisionRow, Expectation, OriginScript, Step } from '../dataplane/decisions/types.ts';
import { aliOss, aliOssErrorFacts, allowPublicAccess, objectUrl, putBucketRefererXml, type ConformanceTarget } from './oss-session.ts';

/** What one row did against one data plane. */
export interface RowResult {
  id: string;
  match: boolean;
  /** One line per checked fact: `step 1: status 424 (expected 424)`; mismatches start with "MISMATCH". */
  evidence: string[];
  /** Set when the row could not be run (setup failed): not a mismatch of the claim itself. */
  error?: string;
}

/** What a step observed. */
interface Observed {
  status: number;
  code?: string;
  ec?: string;
  body?: string;
  /** The Host the client sent to OSS (for `originSawHost: 'bucket'`). */
  requestHost?: string;
  location?: string;
}

const MAX_BODY_BYTES = 64 * 1024;
const PRESIGN_EXPIRES_S = 300;
const XML_CODE = /<Code>([A-Za-z0-9]{1,64})<\/Code>/;
const XML_EC = /<EC>([0-9-]{1,32})<\/EC>/;

/** The body as text, reading at most MAX_BODY_BYTES (the rest is cancelled, never buffered). */
async function boundedText(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < MAX_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.byteLength;
  }
  if (size >= MAX_BODY_BYTES) await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

async function viaFetch(url: string, method: string, step: Extract<Step, { kind: 'object' }>): Promise<Observed> {
  const headers: Record<string, string> = {};
  if (step.referer !== undefined) headers.referer = step.referer;
  const init: RequestInit = { method, headers, redirect: 'manual' };
  // a Buffer body: fetch adds no Content-Type, which a presigned V4 URL would otherwise have to sign
  if (step.body !== undefined) init.body = Buffer.from(step.body);
  const res = await fetch(url, init);
  const body = await boundedText(res);
  const out: Observed = { status: res.status, body, requestHost: new URL(url).host };
  const location = res.headers.get('location');
  if (location !== null) out.location = location;
  let xml = body;
  const err = res.headers.get('x-oss-err');
  if (method === 'HEAD' && err) xml = Buffer.from(err, 'base64').toString('utf8');
  const code = XML_CODE.exec(xml)?.[1];
  const ec = res.headers.get('x-oss-ec') ?? XML_EC.exec(xml)?.[1];
  if (res.status >= 300 && code) out.code = code;
  if (res.status >= 300 && ec) out.ec = ec;
  return out;
}

async function signed(client: OSS, step: Extract<Step, { kind: 'object' }>): Promise<Observed> {
  const headers = step.referer === undefined ? {} : { Referer: step.referer };
  try {
    if (step.method === 'PUT') return { status: (await client.put(step.key, Buffer.from(step.body ?? ''), { headers })).res.status };
    if (step.method === 'DELETE') return { status: (await client.delete(step.key, { headers } as object)).res.status };
    if (step.method === 'HEAD') return { status: (await client.head(step.key, { headers } as object)).res.status };
    const got = await client.get(step.key, { headers } as object);
    return { status: got.res.status, body: Buffer.from(got.content as Buffer).toString('utf8') };
  } catch (err) {
    return aliOssErrorFacts(err);
  }
}

async function runStep(target: ConformanceTarget, client: OSS, bucket: string, step: Step): Promise<Observed> {
  if (step.kind === 'put-referer-xml') {
    try {
      await putBucketRefererXml(client, bucket, step.xml);
      return { status: 200 };
    } catch (err) {
      return aliOssErrorFacts(err);
    }
  }
  if (step.auth === 'signed') return signed(client, step);
  const url = step.auth === 'presigned'
    ? await client.signatureUrlV4(step.method as 'GET', PRESIGN_EXPIRES_S, { headers: {} }, step.key)
    : objectUrl(target, bucket, step.key);
  return viaFetch(url, step.method, step);
}

async function isStored(client: OSS, key: string): Promise<boolean> {
  const listed = await client.list({ prefix: key, 'max-keys': 10 }, {});
  return (listed.objects ?? []).some((o) => o.name === key);
}

function compare(i: number, want: Expectation, got: Observed, stored: boolean | undefined, originUrl: string): string[] {
  const originHost = new URL(originUrl).host;
  const lines: string[] = [];
  const check = (what: string, actual: unknown, expected: unknown) => {
    const ok = actual === expected;
    lines.push(`${ok ? '' : 'MISMATCH '}step ${i + 1}: ${what} ${JSON.stringify(actual)} (expected ${JSON.stringify(expected)})`);
  };
  check('status', got.status, want.status);
  if (want.code !== undefined) check('code', got.code, want.code);
  if (want.ec !== undefined) check('EC', got.ec, want.ec);
  if (want.body !== undefined) check('body', got.body, want.body);
  if (want.originSawHost !== undefined) {
    const host = want.originSawHost === 'origin' ? originHost : got.requestHost;
    check(`origin saw Host (${want.originSawHost}'s)`, got.body, `host=${host}`);
  }
  if (want.location !== undefined) check('Location', got.location, want.location);
  if (want.locationAtOrigin !== undefined) check('Location at the origin', got.location?.startsWith(originUrl) ?? false, want.locationAtOrigin);
  if (want.stored !== undefined) check('stored', stored, want.stored);
  return lines;
}

async function removeBucket(client: OSS, bucket: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const listed = await client.list({ 'max-keys': 1000 }, {});
    const names = (listed.objects ?? []).map((o) => o.name);
    if (names.length === 0) break;
    await client.deleteMulti(names, { quiet: true });
  }
  await client.deleteBucket(bucket);
}

/** The URL of a bucket as an origin base ("…/"), path style or virtual-hosted like the endpoint. */
function bucketBaseUrl(target: ConformanceTarget, bucket: string): string {
  const url = objectUrl(target, bucket, '');
  return url.endsWith('/') ? url : `${url}/`;
}

async function setUp(target: ConformanceTarget, client: OSS, bucket: string, row: DecisionRow, originBucket: string | undefined): Promise<void> {
  await client.putBucket(bucket);
  if (row.bucket.acl !== 'private') await allowPublicAccess(client, bucket);
  await client.putBucketACL(bucket, row.bucket.acl);
  if (originBucket) {
    const origin = aliOss(target, originBucket);
    await origin.putBucket(originBucket);
    await origin.putBucketACL(originBucket, 'private');
    for (const [key, body] of Object.entries(row.bucket.privateOriginObjects ?? {})) await origin.put(key, Buffer.from(body));
  }
  // the bucket name (unique per run) in the origin path keeps hit counts apart across rows and runs
  const origin = (script: OriginScript) => `${target.originUrl}s/${script}/${bucket}/`;
  if (row.bucket.website) {
    const site = row.bucket.website(origin, originBucket ? bucketBaseUrl(target, originBucket) : '');
    await (client as unknown as { putBucketWebsite(n: string, c: object): Promise<unknown> }).putBucketWebsite(bucket, site);
  }
  if (row.bucket.referer) await client.putBucketReferer(bucket, row.bucket.referer.allowEmpty, row.bucket.referer.referers);
  for (const [key, body] of Object.entries(row.bucket.objects ?? {})) await client.put(key, Buffer.from(body));
}

/** Drives one row through the data plane at `target`: its own bucket, created and removed here. */
export async function runRow(row: DecisionRow, target: ConformanceTarget, bucket: string): Promise<RowResult> {
  const client = aliOss(target, bucket);
  const evidence: string[] = [];
  let error: string | undefined;
  const originBucket = row.bucket.privateOriginObjects ? `${bucket}-o` : undefined;
  try {
    await setUp(target, client, bucket, row, originBucket);
    for (const [i, step] of row.steps.entries()) {
      const got = await runStep(target, client, bucket, step);
      const key = step.kind === 'object' ? step.key : undefined;
      const stored = step.expect.stored !== undefined && key !== undefined ? await isStored(client, key) : undefined;
      evidence.push(...compare(i, step.expect, got, stored, target.originUrl));
    }
  } catch (err) {
    const f = aliOssErrorFacts(err);
    error = `setup or step failed: ${f.status ? `${f.status} ${f.code ?? ''}` : (err as Error).name}`;
  } finally {
    await removeBucket(client, bucket).catch(() => evidence.push(`note: bucket ${bucket} could not be removed`));
    if (originBucket) await removeBucket(aliOss(target, originBucket), originBucket).catch(() => evidence.push(`note: bucket ${originBucket} could not be removed`));
  }
  const result: RowResult = { id: row.id, match: error === undefined && evidence.every((l) => !l.startsWith('MISMATCH')), evidence };
  if (error) result.error = error;
  return result;
}

/** Every row, one after another (real OSS bills requests; nothing here needs speed). */
export async function runRows(rows: readonly DecisionRow[], target: ConformanceTarget, run = Date.now().toString(36)): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for (const [i, row] of rows.entries()) out.push(await runRow(row, target, `${target.bucketPrefix}-${run}-${i}`));
  return out;
}

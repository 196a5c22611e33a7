import { isNetError } from '../net/errors.ts';
import { type OriginResponse, originRequest, redactUrl } from '../net/origin-request.ts';
import { readBody } from '../net/body.ts';
import { MIRROR_MAX_REDIRECTS } from '../mirror/constants.ts';
import { checkContentMd5 } from '../mirror/outcome.ts';
import { type CheckOutcome, failureOf, runCheck, seconds, skipped } from './check.ts';
import { hostPassedHint, looksLikeOss } from './header-rules.ts';
import { hostRoutingOutcome } from './host-probe.ts';
import {
  DEFAULT_MD5_MAX_BYTES,
  DEFAULT_ORIGIN_BUDGET_MS,
  RANGE_PROBE_BYTES,
  SLOW_SHARE_OF_BUDGET,
  type CheckResult,
  type OriginCheckOptions,
  type RuleTarget,
} from './types.ts';

export interface SampleProbe {
  key: string;
  url: string;
  /** Headers OSS would send (shared/mirror's plan for the sample request). */
  headers: Record<string, string>;
  followRedirect: boolean;
  checkMd5: boolean;
  /** The address the network checks validated (no second lookup for the URL's own host). */
  address: string;
  sampleSource: RuleTarget['sampleSource'];
  /** The rule would send the bucket's Host (PassAll/Pass/Set): explains a 403 from an OSS origin. */
  passesHost: boolean;
  /** The Host OSS would pass (the rule passes the client's): the sample is also asked with it (HOST check). */
  bucketHost?: string;
  /** The rule signs its origin requests (mirrorAuth / mirrorUsingRole): an unsigned probe may get 403. */
  signedByOss?: boolean;
  /** External redirect targets: status and latency only (a browser, not OSS, fetches them). */
  reachabilityOnly?: boolean;
}

type Header = string | string[] | undefined;
const first = (h: Header): string | undefined => (Array.isArray(h) ? h[0] : h);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** After these, another request to the same origin would only fail the same way (and spend another budget). */
export const GIVE_UP = new Set(['NET_TIMEOUT', 'NET_CONNECT_TIMEOUT', 'NET_CONNECT_REFUSED', 'NET_UNREACHABLE', 'NET_RESET', 'NET_BLOCKED_ADDRESS', 'NET_DNS_FAILED', 'NET_DNS_TIMEOUT']);

function request(probe: SampleProbe, method: 'HEAD' | 'GET', extra: Record<string, string>, options: OriginCheckOptions, maxBytes: number): Promise<OriginResponse> {
  return originRequest(probe.url, {
    method,
    headers: { ...probe.headers, ...extra },
    address: probe.address,
    allowPrivate: options.allowPrivate,
    resolver: options.resolver,
    dialer: options.dialer,
    ca: options.ca,
    trustSystemCas: options.trustSystemCas,
    followRedirects: probe.followRedirect,
    maxRedirects: MIRROR_MAX_REDIRECTS,
    budgetMs: options.budgetMs ?? DEFAULT_ORIGIN_BUDGET_MS,
    maxBytes,
    crc64: false,
    signal: options.signal,
  });
}

/** What the origin's status means to OSS, for a sample key. */
function statusOutcome(res: OriginResponse, probe: SampleProbe, method: string): CheckOutcome {
  const target = redactUrl(probe.url);
  const s = res.status;
  const data = { status: s, ms: res.timings.total, redirects: res.redirects };
  if (s === 200 || s === 206) {
    const via = res.redirects.length ? ` after ${res.redirects.length} redirect(s) to ${redactUrl(res.url)}` : '';
    return { status: 'ok', code: `STATUS_${s}`, message: `${method} ${probe.key}: ${s} in ${seconds(res.timings.total)}${via}`, target, data };
  }
  if (s === 404) {
    if (probe.sampleSource === 'prefix') {
      return { status: 'warn', code: 'STATUS_404', target, data, message: `${method} ${probe.key || '(empty key)'}: 404 (no sample keys, so the rule's prefix was probed)`,
        hint: 'Add sampleKeys to the rule (keys the origin has) so the check can prove the origin serves objects.' };
    }
    return { status: 'fail', code: 'STATUS_404', target, data, message: `${method} ${probe.key}: origin answered 404 for a sample key`,
      hint: 'The origin does not have this key at this URL: check mirrorURL, the prefix replacement (replaceKeyPrefixWith) and the sample key.' };
  }
  if (REDIRECTS.has(s)) {
    const location = redactUrl(first(res.headers.location) ?? '');
    return { status: 'fail', code: 'REDIRECT_NOT_FOLLOWED', target, data,
      message: `${method} ${probe.key}: origin redirects (${s} to ${location}) but mirrorFollowRedirect is off: OSS hands the redirect to the client instead of storing the object`,
      hint: 'Set mirrorFollowRedirect: true, or point mirrorURL at the URL the origin redirects to.' };
  }
  if (s === 403 && probe.sampleSource === 'prefix') {
    return { status: 'warn', code: 'STATUS_403', target, data, message: `${method} ${probe.key || '(empty key)'}: 403 (no sample keys, so the rule's prefix was probed; origins often refuse folder URLs)`,
      hint: 'Add sampleKeys to the rule (keys the origin has) so the check can prove the origin serves objects.' };
  }
  if (s === 403) {
    const oss = looksLikeOss(res.headers, res.url);
    if (oss && probe.passesHost) {
      return { status: 'fail', code: 'STATUS_403_HOST_PASSED', target, data,
        message: `${method} ${probe.key}: origin answered 403: the rule passes the bucket's Host header to an OSS origin`,
        hint: hostPassedHint() };
    }
    if (probe.signedByOss) {
      return { status: 'warn', code: 'STATUS_403_UNSIGNED', target, data, message: `${method} ${probe.key}: origin answered 403 to this unsigned probe; OSS signs its own requests (mirrorAuth / role), which this check cannot`,
        hint: 'Make sure the key or role of the rule may read the origin (GetObject on the origin bucket); this check cannot prove it.' };
    }
    return { status: 'fail', code: 'STATUS_403', target, data, message: `${method} ${probe.key}: origin answered 403, so OSS answers 424 MirrorFailed`,
      hint: oss
        ? 'The origin is a private OSS bucket: give the rule access (mirrorAuth or mirrorUsingRole with mirrorRole) or make the objects readable.'
        : 'The origin refuses the request OSS sends. If it needs a header (Referer, a token, a cookie), add it with mirrorHeaders.set or mirrorHeaders.pass; check IP allow lists.' };
  }
  return { status: 'fail', code: `STATUS_${s}`, target, data, message: `${method} ${probe.key}: origin answered ${s}, so OSS answers 424 MirrorFailed`,
    hint: s >= 500 ? 'The origin has a server error: check its logs.' : 'OSS stores only 200/206 answers and passes 404 on; fix the origin so it answers 200 for objects it has.' };
}

function latencyOutcome(ms: number, budget: number, probe: SampleProbe): CheckOutcome | undefined {
  if (ms <= budget * SLOW_SHARE_OF_BUDGET) return undefined;
  return { status: 'warn', code: 'SLOW', target: redactUrl(probe.url), data: { ms, budgetMs: budget },
    message: `${probe.key}: origin took ${seconds(ms)} of the ${seconds(budget)} OSS allows`,
    hint: 'Make the origin answer faster (a CDN in front, a closer region): OSS gives up after 10 s and answers 424.' };
}

/** HEAD then a ranged GET (a whole GET when MirrorCheckMd5) of one sample key. */
export async function checkSample(probe: SampleProbe, options: OriginCheckOptions): Promise<CheckResult[]> {
  const now = options.now ?? Date.now;
  const budget = options.budgetMs ?? DEFAULT_ORIGIN_BUDGET_MS;
  const out: CheckResult[] = [];
  const validators: { etag?: string; lastModified?: string } = {};
  const note = (res: OriginResponse) => {
    validators.etag ??= first(res.headers.etag);
    validators.lastModified ??= first(res.headers['last-modified']);
  };

  out.push(await runCheck('HEAD', async () => {
    const res = await request(probe, 'HEAD', {}, options, 0);
    await res.dump();
    note(res);
    const o = statusOutcome(res, probe, 'HEAD');
    // OSS fetches with GET; a HEAD the origin refuses only matters for refresh-stale-objects.
    return o.status === 'fail' && res.status !== 404 && !REDIRECTS.has(res.status) && res.status !== 403
      ? { ...o, status: 'warn', hint: 'OSS fetches with GET, but refresh-stale-objects compares copies with HEAD: let the origin answer HEAD.' }
      : o;
  }, now));

  const head = out[0]!;
  if (head.status === 'fail' && GIVE_UP.has(head.code)) {
    out.push(skipped('GET', `HEAD failed with ${head.code}`, now));
    return out;
  }

  let getRes: OriginResponse | undefined;
  let body: Awaited<ReturnType<typeof readBody>> | undefined;
  let bodyError: unknown;
  const maxBytes = probe.checkMd5 ? options.md5MaxBytes ?? DEFAULT_MD5_MAX_BYTES : RANGE_PROBE_BYTES * 4;
  const range: Record<string, string> = probe.checkMd5 ? {} : { range: `bytes=0-${RANGE_PROBE_BYTES - 1}` };
  out.push(await runCheck('GET', async () => {
    const res = await request(probe, 'GET', range, options, maxBytes);
    getRes = res;
    note(res);
    try {
      body = await readBody(res.body, { md5: true, crc64: false });
    } catch (err) {
      bodyError = err;
      if (!isNetError(err) || err.code !== 'NET_BODY_TOO_LARGE') return failureOf(err, `GET ${probe.key}: `);
    }
    return statusOutcome(res, probe, 'GET');
  }, now));
  if (!getRes) return out;
  const res: OriginResponse = getRes;
  const ok = res.status === 200 || res.status === 206;

  const slow = latencyOutcome(Math.max(...out.map((c) => (c.data?.ms as number | undefined) ?? 0)), budget, probe);
  if (slow) out.push(await runCheck('LATENCY', () => slow, now));
  if (res.redirects.length > 0) {
    out.push(await runCheck('REDIRECT', () => ({
      status: 'ok', code: 'REDIRECT_FOLLOWED', target: redactUrl(probe.url), data: { redirects: res.redirects },
      message: `${probe.key}: origin redirects ${res.redirects.length} time(s); mirrorFollowRedirect is on, each hop was checked`,
    }), now));
  }
  if (probe.bucketHost && !probe.reachabilityOnly) {
    const bucketHost = probe.bucketHost;
    out.push(await runCheck('HOST', () => hostRoutingOutcome(probe.key, probe.url, bucketHost, res,
      (host) => request(probe, 'GET', { ...range, host }, options, maxBytes)), now));
  }
  if (!ok || probe.reachabilityOnly) return out;

  out.push(await runCheck('CONTENT_ENCODING', () => encodingOutcome(res, probe), now));
  if (probe.checkMd5) out.push(await runCheck('CONTENT_MD5', () => md5Outcome(res, probe, body, bodyError, maxBytes), now));
  out.push(await runCheck('VALIDATORS', (): CheckOutcome => {
    const missing = [validators.etag ? '' : 'ETag', validators.lastModified ? '' : 'Last-Modified'].filter(Boolean);
    if (missing.length === 0) return { status: 'ok', code: 'VALIDATORS_OK', message: `${probe.key}: ETag and Last-Modified present`, target: redactUrl(probe.url) };
    return { status: 'warn', code: 'VALIDATORS_MISSING', target: redactUrl(probe.url), message: `${probe.key}: origin sends no ${missing.join(' and ')}`,
      hint: 'Let the origin send ETag and Last-Modified: refresh-stale-objects needs them to see that an origin object changed.' };
  }, now));
  return out;
}

function encodingOutcome(res: OriginResponse, probe: SampleProbe): CheckOutcome {
  const encoding = first(res.headers['content-encoding'])?.trim().toLowerCase();
  const asked = probe.headers['accept-encoding'];
  const target = redactUrl(probe.url);
  if (!encoding || encoding === 'identity') {
    return { status: 'ok', code: 'ENCODING_IDENTITY', message: `${probe.key}: body not compressed${asked ? ` although Accept-Encoding: ${asked} is passed` : ''}`, target };
  }
  if (!asked) {
    return { status: 'fail', code: 'ENCODING_UNASKED', target, data: { encoding },
      message: `${probe.key}: origin sent Content-Encoding: ${encoding} although no Accept-Encoding was sent`,
      hint: 'OSS stores the compressed bytes as the object: sizes and MD5 stop matching (the size-mismatch FAQ). Turn off compression for requests without Accept-Encoding.' };
  }
  return { status: 'warn', code: 'ENCODING_PASSED', target, data: { encoding },
    message: `${probe.key}: origin compresses (${encoding}) because the rule passes the client's Accept-Encoding`,
    hint: 'OSS stores whatever the first client\'s Accept-Encoding produced; remove accept-encoding from mirrorHeaders (pass/passAll) so OSS stores the plain object.' };
}

function md5Outcome(res: OriginResponse, probe: SampleProbe, body: { md5Base64?: string } | undefined, bodyError: unknown, maxBytes: number): CheckOutcome {
  const target = redactUrl(probe.url);
  const header = first(res.headers['content-md5']);
  if (!body?.md5Base64) {
    if (isNetError(bodyError) && bodyError.code === 'NET_BODY_TOO_LARGE') {
      return { status: 'warn', code: 'MD5_NOT_CHECKED', target, message: `${probe.key}: larger than ${maxBytes} bytes, Content-MD5 not verified`, hint: 'Pick a smaller sample key to verify Content-MD5.' };
    }
    return { status: 'warn', code: 'MD5_NOT_CHECKED', target, message: `${probe.key}: body could not be read, Content-MD5 not verified` };
  }
  const result = checkContentMd5(header, body.md5Base64);
  if (result === 'match') return { status: 'ok', code: 'MD5_MATCH', target, message: `${probe.key}: Content-MD5 matches the body` };
  if (result === 'absent') {
    return { status: 'warn', code: 'MD5_ABSENT', target, message: `${probe.key}: mirrorCheckMd5 is on but the origin sends no Content-MD5, so nothing is verified`,
      hint: 'Let the origin send Content-MD5 (base64 MD5 of the body), or turn mirrorCheckMd5 off.' };
  }
  return { status: 'fail', code: 'MD5_MISMATCH', target, data: { header, computed: body.md5Base64 },
    message: `${probe.key}: Content-MD5 ${header} does not match the body (${body.md5Base64}): with mirrorCheckMd5 OSS serves the body to the client but does not store it, so every later GET goes back to the origin`,
    hint: 'The origin sends a wrong Content-MD5 (often a stale cache or on-the-fly compression). Fix the header or turn mirrorCheckMd5 off.' };
}


import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import {
  MIRROR_MAX_REDIRECTS,
  classifyOriginResponse,
  passesThrough,
  planMirrorRequest,
  resolveLocation,
  triesNextOrigin,
  type HeaderBag,
  type MirrorOrigin,
} from '../../../shared/mirror/index.ts';

/** How the emulator talks to origins (node:http/https: the emulator is local, not shipped code). */
export interface OriginFetchOptions {
  /** Wait for response headers and between body chunks (MIRROR_FETCH_ASSUMPTIONS). */
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM) for HTTPS origins, e.g. a test CA. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Signs each origin request (MirrorUsingRole: a private OSS origin read as the rule's role). */
  sign?: (url: string, headers: Readonly<Record<string, string>>) => Record<string, string>;
}

export interface OriginAnswer {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

export interface OriginAttempt {
  role: MirrorOrigin['role'];
  url: string;
  status?: number;
  reason: string;
}

export type MirrorFetchOutcome =
  | { kind: 'success'; answer: OriginAnswer; attempts: OriginAttempt[] }
  | { kind: 'not-found'; url: string; attempts: OriginAttempt[] }
  | { kind: 'return-redirect'; status: number; location: string; attempts: OriginAttempt[] }
  | { kind: 'transparent'; answer: OriginAnswer; attempts: OriginAttempt[] }
  | { kind: 'failure'; attempts: OriginAttempt[] };

/** One GET to an origin; rejects on network errors and timeouts. The caller consumes or destroys the body. */
export function requestOrigin(url: string, headers: Record<string, string>, opts: OriginFetchOptions): Promise<OriginAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const tls = target.protocol === 'https:' && opts.ca !== undefined ? { ca: opts.ca } : {};
    const req = send(target, { method: 'GET', headers, agent: false, ...tls }, (res) => {
      resolve({ url, status: res.statusCode ?? 0, headers: res.headers, body: res });
    });
    req.setTimeout(opts.timeoutMs, () => req.destroy(Object.assign(new Error(`origin timed out after ${opts.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function drain(body: IncomingMessage): void {
  body.resume();
  body.on('error', () => undefined);
}

/**
 * Fetches a key as OSS's mirror does: each origin in failover order, following 3xx only with
 * MirrorFollowRedirect (at most 10 hops), moving to the next origin only after a failure that
 * MirrorSwitchAllErrors lets switch (triesNextOrigin); a TransparentMirrorResponseCodes status is
 * handed back as it is.
 */
export async function fetchFromOrigins(
  rule: RoutingRule,
  request: { key: string; rawQuery?: string; headers?: HeaderBag },
  opts: OriginFetchOptions,
): Promise<MirrorFetchOutcome> {
  const plan = planMirrorRequest(rule, request);
  const { headers, followRedirect: follow } = plan;
  const attempts: OriginAttempt[] = [];
  for (const origin of plan.origins) {
    let url = origin.url;
    for (let hops = 0; hops <= MIRROR_MAX_REDIRECTS; hops++) {
      let answer: OriginAnswer;
      try {
        answer = await requestOrigin(url, opts.sign ? { ...headers, ...opts.sign(url, headers) } : headers, opts);
      } catch (err) {
        attempts.push({ role: origin.role, url, reason: (err as Error).message });
        if (triesNextOrigin(rule.redirect, {})) break;
        return { kind: 'failure', attempts };
      }
      if (passesThrough(rule.redirect, answer.status)) {
        attempts.push({ role: origin.role, url, status: answer.status, reason: 'transparent' });
        return { kind: 'transparent', answer, attempts };
      }
      const location = firstHeader(answer.headers.location);
      const verdict = classifyOriginResponse({
        status: answer.status,
        followRedirect: follow,
        redirectsFollowed: hops,
        ...(location === undefined ? {} : { location }),
      });
      attempts.push({ role: origin.role, url, status: answer.status, reason: verdict.kind });
      if (verdict.kind === 'success') return { kind: 'success', answer, attempts };
      drain(answer.body);
      if (verdict.kind === 'not-found') return { kind: 'not-found', url, attempts };
      if (verdict.kind === 'return-redirect') return { kind: 'return-redirect', status: answer.status, location: verdict.location, attempts };
      if (verdict.kind === 'follow') {
        url = resolveLocation(url, verdict.location);
        continue;
      }
      const failure = { status: answer.status, tooManyRedirects: verdict.kind === 'failure' && verdict.tooManyRedirects === true };
      if (triesNextOrigin(rule.redirect, failure)) break;
      return { kind: 'failure', attempts };
    }
  }
  return { kind: 'failure', attempts };
}

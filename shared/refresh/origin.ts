// The origin side of a refresh: which URL and headers OSS's mirror would use for a key (shared/mirror),
// a HEAD (conditional when the manifest has validators; a ranged GET for origins that refuse HEAD), and a
// bounded body read for confirmation.
// Every request goes through a shared/net origin session (SSRF guard, pinning, budgets).
import { isNetError, type OriginResponse, type OriginSession } from '../net/index.ts';
import { checksMd5, movesToNextOrigin } from '../mirror/outcome.ts';
import { findMirrorRule, planMirrorRequest } from '../mirror/plan.ts';
import type { RoutingRule } from '../oss/models/website.ts';
import type { ManifestEntry } from './manifest.ts';
import type { RateLimiter } from './rate.ts';

export interface OriginTarget {
  url: string;
  headers: Record<string, string>;
  followRedirects: boolean;
  /** The rule's MirrorCheckMd5: OSS serves but does not store a body that disagrees with the origin's Content-MD5. */
  checkMd5?: boolean;
  /** The origins OSS's mirror tries after this one (MirrorURLSlave, then MirrorMultiAlternates by number). */
  next?: readonly OriginTarget[];
  /** Whether OSS moves on from an origin's answer: its status, or undefined for a network failure. */
  switchesOn?: (status: number | undefined) => boolean;
  /** How long OSS's mirror waits for an origin (shared/mirror): a shorter budget of ours running out is no OSS timeout. */
  mirrorTimeoutMs?: number;
}

/**
 * The origins of the Mirror rule OSS would run for `key`, in OSS's failover order (the primary, its `next`
 * after it), or undefined when no Mirror rule matches.
 */
export function originTargetFor(rules: readonly RoutingRule[], key: string): OriginTarget | undefined {
  const rule = findMirrorRule(rules, key);
  if (!rule) return undefined;
  const plan = planMirrorRequest(rule, { key });
  const [primary, ...rest] = plan.origins.map((o): OriginTarget => ({ url: o.url, headers: plan.headers, followRedirects: plan.followRedirect, checkMd5: checksMd5(rule.redirect) }));
  if (!primary) return undefined;
  return { ...primary, next: rest, switchesOn: (status) => movesToNextOrigin(rule.redirect, status), mirrorTimeoutMs: plan.timeoutMs };
}

/** The origin whose answer OSS's mirror would act on, with that answer (or the error of the last one tried). */
export type FailoverProbe = { target: OriginTarget; head: OriginProbe } | { target: OriginTarget; error: unknown };

/**
 * Probes the origins in OSS's failover order and stops at the first answer OSS would not switch from
 * (a 304 is the origin saying the recorded validators still hold). When every origin fails, the last
 * failure is the answer: the copy is kept, as OSS would answer the visitor with an error.
 * OSS's mirror only GETs: a HEAD answer that would switch is asked again as a GET (`probeWithGet`) before
 * moving on, so an origin refusing only HEAD (a WAF's 403, an app's 500) is not left for the next origin,
 * whose different body would then be written over a copy equal to this one's. Likewise a timeout of our own
 * budget, when it is shorter than OSS's mirror timeout, is not one OSS would have switched on.
 */
export async function probeFailover(io: OriginIo, target: OriginTarget, seen: ManifestEntry | undefined): Promise<FailoverProbe> {
  const chain = [target, ...(target.next ?? [])];
  let last: FailoverProbe | undefined;
  for (const [i, t] of chain.entries()) {
    const more = i < chain.length - 1;
    try {
      let head = await headOrigin(io, t, seen);
      if (more && head.method === 'HEAD' && head.status !== 304 && target.switchesOn?.(head.status)) head = await probeWithGet(io, t, seen);
      last = { target: t, head };
      if (!more || head.status === 304 || !target.switchesOn?.(head.status)) return last;
    } catch (error) {
      last = { target: t, error };
      // our budget ran out before OSS's mirror would have given up: the origin may yet have answered OSS, which
      // then never asks the next one (whose different body must not replace the copy on a guess)
      const cutShort = isNetError(error) && error.code === 'NET_TIMEOUT' && io.budgetMs < (target.mirrorTimeoutMs ?? 0);
      if (!more || cutShort || !target.switchesOn?.(undefined)) return last;
    }
  }
  return last!;
}

/** Per run: which origins (scheme://host:port) refused HEAD (405/501) and are asked with a ranged GET instead. */
export interface HeadMemory {
  refused: Set<string>;
  /** Origins whose HEAD answered something else (HEAD works there). */
  allowed: Set<string>;
  /** The first HEAD to an origin not yet known; other objects of that origin wait for it, at most PROBE_WAIT_MS (one wasted HEAD per origin). */
  probing: Map<string, Promise<void>>;
}

export const createHeadMemory = (): HeadMemory => ({ refused: new Set(), allowed: new Set(), probing: new Map() });

export interface OriginIo {
  session: OriginSession;
  limiter: RateLimiter;
  budgetMs: number;
  countRequest(): void;
  /** Remembers origins that refuse HEAD (absent: every object tries HEAD first). */
  headMemory?: HeadMemory;
  signal?: AbortSignal;
}

/** What the origin said about an object: status and the headers evidence is read from (HEAD's, or a GET's normalized to them). */
export interface OriginProbe {
  method: 'HEAD' | 'GET';
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** How long other objects of an origin wait for its first HEAD (at most a quarter of the budget) before asking on their own. */
export const PROBE_WAIT_MS = 1_000;
/** Statuses with which an origin says it does not do HEAD. */
const HEAD_REFUSED = new Set([405, 501]);
/** A 200 body to a ranged GET (Range ignored) up to this size is read and dropped (keeps the connection); bigger ones are aborted. */
const DUMP_LIMIT = 64 * 1024;

const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

const conditionalHeaders = (target: OriginTarget, seen: ManifestEntry | undefined): Record<string, string> => {
  const headers: Record<string, string> = { ...target.headers };
  if (seen?.originEtag) headers['if-none-match'] = seen.originEtag;
  else if (seen?.originLastModified) headers['if-modified-since'] = seen.originLastModified;
  return headers;
};

/**
 * HEAD (conditional with a manifest entry: If-None-Match (ETag) or If-Modified-Since (Last-Modified)); the body
 * is discarded. An origin answering HEAD with 405 or 501 is asked with `probeWithGet` instead, and, with a
 * `headMemory`, every later object of that origin goes straight to GET (one origin request per object).
 */
export async function headOrigin(io: OriginIo, target: OriginTarget, seen: ManifestEntry | undefined): Promise<OriginProbe> {
  const mem = io.headMemory;
  const origin = originOf(target.url);
  let release: (() => void) | undefined;
  if (mem) {
    // wait for the origin's first HEAD only briefly: a hanging origin must not make its objects go one by one
    const first = mem.probing.get(origin);
    if (first) await settledWithin(first, Math.min(PROBE_WAIT_MS, io.budgetMs / 4));
    if (mem.refused.has(origin)) return probeWithGet(io, target, seen);
    if (!mem.allowed.has(origin) && !mem.probing.has(origin)) mem.probing.set(origin, new Promise<void>((r) => (release = r)));
  }
  try {
    await io.limiter.take();
    io.countRequest();
    const res = await io.session.request(target.url, {
      method: 'HEAD', headers: conditionalHeaders(target, seen), followRedirects: target.followRedirects, budgetMs: io.budgetMs, md5: false, crc64: false,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    await res.dump();
    if (!HEAD_REFUSED.has(res.status)) {
      mem?.allowed.add(origin);
      return { method: 'HEAD', status: res.status, headers: res.headers };
    }
    mem?.refused.add(origin);
  } catch (err) {
    // a HEAD that timed out or failed says nothing about HEAD being refused: settle the origin as "HEAD
    // works" so later objects ask at once, side by side, instead of each becoming the next probe
    mem?.allowed.add(origin);
    throw err;
  } finally {
    if (release) {
      mem!.probing.delete(origin);
      release();
    }
  }
  return probeWithGet(io, target, seen);
}

/** Resolves when `p` settles or after `ms`, whichever comes first (the timer never outlives it). */
async function settledWithin(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The complete length from a Content-Range (`bytes 0-0/1234`, or `*` for the range on a 416); undefined for `/*` or garbage. */
export function contentRangeTotal(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^\s*bytes\s+(?:\d+-\d+|\*)\/(\d+)\s*$/i.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * The facts of a HEAD, asked with `GET` + `Range: bytes=0-0` (same conditional headers). 206: the size is the
 * Content-Range total (Content-Length and Content-MD5 describe the 1-byte part and are dropped), the 1-byte
 * body is read and dropped. 416 whose Content-Range total is 0: an empty object. 200 (Range ignored): its
 * headers as they are, the body dropped when small, else aborted unread. Any other status as it is.
 */
export async function probeWithGet(io: OriginIo, target: OriginTarget, seen: ManifestEntry | undefined): Promise<OriginProbe> {
  await io.limiter.take();
  io.countRequest();
  const res = await io.session.request(target.url, {
    method: 'GET', headers: { ...conditionalHeaders(target, seen), range: 'bytes=0-0' }, followRedirects: target.followRedirects, budgetMs: io.budgetMs,
    maxBytes: DUMP_LIMIT, md5: false, crc64: false, ...(io.signal ? { signal: io.signal } : {}),
  });
  const length = Number(one(res.headers['content-length']));
  if (res.status === 200 && !(Number.isFinite(length) && length <= DUMP_LIMIT)) res.body.destroy();
  else await res.dump();
  if (res.status !== 206 && res.status !== 416) return { method: 'GET', status: res.status, headers: res.headers };
  const total = contentRangeTotal(one(res.headers['content-range']));
  if (res.status === 416 && total !== 0) return { method: 'GET', status: 416, headers: res.headers };
  const headers: Record<string, string | string[] | undefined> = { ...res.headers };
  delete headers['content-length'];
  delete headers['content-md5'];
  delete headers['content-range'];
  if (total !== undefined) headers['content-length'] = String(total);
  return { method: 'GET', status: 200, headers };
}

/** GET with the body streamed through shared/net's meter (MD5 and, when asked, CRC-64 while reading). */
export async function getOrigin(io: OriginIo, target: OriginTarget, options: { maxBytes: number; crc64: boolean; budgetMs?: number }): Promise<OriginResponse> {
  await io.limiter.take();
  io.countRequest();
  return io.session.request(target.url, {
    method: 'GET', headers: { ...target.headers }, followRedirects: target.followRedirects, budgetMs: options.budgetMs ?? io.budgetMs,
    maxBytes: options.maxBytes, md5: true, crc64: options.crc64, ...(io.signal ? { signal: io.signal } : {}),
  });
}

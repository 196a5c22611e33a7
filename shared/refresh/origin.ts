// The origin side of a refresh: which URL and headers OSS's mirror would use for a key (shared/mirror),
// a HEAD (conditional when the manifest has validators), and a bounded body read for confirmation.
// Every request goes through a shared/net origin session (SSRF guard, pinning, budgets).
import type { OriginResponse, OriginSession } from '../net/index.ts';
import { findMirrorRule, planMirrorRequest } from '../mirror/plan.ts';
import type { RoutingRule } from '../oss/models/website.ts';
import type { ManifestEntry } from './manifest.ts';
import type { RateLimiter } from './rate.ts';

export interface OriginTarget {
  url: string;
  headers: Record<string, string>;
  followRedirects: boolean;
}

/** The primary origin URL of the Mirror rule OSS would run for `key`, or undefined when no Mirror rule matches. */
export function originTargetFor(rules: readonly RoutingRule[], key: string): OriginTarget | undefined {
  const rule = findMirrorRule(rules, key);
  if (!rule) return undefined;
  const plan = planMirrorRequest(rule, { key });
  const primary = plan.origins[0];
  return primary ? { url: primary.url, headers: plan.headers, followRedirects: plan.followRedirect } : undefined;
}

export interface OriginIo {
  session: OriginSession;
  limiter: RateLimiter;
  budgetMs: number;
  countRequest(): void;
  signal?: AbortSignal;
}

/** HEAD; with a manifest entry, If-None-Match (ETag) or If-Modified-Since (Last-Modified). The body is discarded. */
export async function headOrigin(io: OriginIo, target: OriginTarget, seen: ManifestEntry | undefined): Promise<OriginResponse> {
  const headers: Record<string, string> = { ...target.headers };
  if (seen?.originEtag) headers['if-none-match'] = seen.originEtag;
  else if (seen?.originLastModified) headers['if-modified-since'] = seen.originLastModified;
  await io.limiter.take();
  io.countRequest();
  const res = await io.session.request(target.url, {
    method: 'HEAD', headers, followRedirects: target.followRedirects, budgetMs: io.budgetMs, md5: false, crc64: false,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  await res.dump();
  return res;
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

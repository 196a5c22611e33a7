// The warm-up payload: {mode: "warm", bucket, keys: [...] | keysFrom: "oss://bucket/key", qps?,
// bandwidthMbps?, dryRun?}; over HTTP the same fields in the query (keysFrom) or a JSON body (keys).
// A continuation adds runId, part, startAt and what earlier parts counted (carry).
import { RefreshRequestError } from '../errors.ts';
import { dryRunOf, httpFields, MAX_BODY_BYTES } from '../fields.ts';
import type { RefreshInput } from '../run-context.ts';
import { parseOssLocation } from '../../state/location.ts';
import { MAX_WARM_SHARDS } from './fan-out.ts';
import { MAX_KEYS } from './key-list.ts';
import { parseWindow } from './window.ts';
import type { WarmCarry, WarmRunRequest } from './run.ts';

/** Explicit keys in an HTTP body; longer lists go in an object (keysFrom). An invocation's payload is bounded by FC. */
export const MAX_PAYLOAD_KEYS = 10_000;
export const MAX_WARM_QPS = 2_000;

function positive(name: string, v: unknown, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new RefreshRequestError('BAD_WARM_REQUEST', `${name} must be a number above 0 and at most ${max}`);
  return n;
}

function fieldsOf(input: RefreshInput): Record<string, unknown> {
  if (input.kind !== 'http') return input.payload as Record<string, unknown>;
  return httpFields(input, 'BAD_WARM_REQUEST', `body over ${MAX_BODY_BYTES} bytes; put the keys in an object (keysFrom)`);
}

export function parseWarmPayload(input: RefreshInput): { req: WarmRunRequest; runId?: string; part?: number; carry?: WarmCarry; shards?: number; shard?: { index: number; total: number } } {
  const p = fieldsOf(input);
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new RefreshRequestError('BAD_WARM_REQUEST', 'payload must be a JSON object');
  if (typeof p.bucket !== 'string' || p.bucket === '') throw new RefreshRequestError('NO_BUCKET', 'name the bucket to warm (bucket)');
  const hasKeys = p.keys !== undefined;
  const sources = [p.keys, p.keysFrom, p.sitemap].filter((v) => v !== undefined).length;
  if (sources !== 1) throw new RefreshRequestError('BAD_WARM_REQUEST', 'give exactly one of keys (a list), keysFrom (oss://bucket/key) or sitemap (a URL)');
  if (p.sitemap !== undefined && (typeof p.sitemap !== 'string' || !/^https?:\/\//.test(p.sitemap))) throw new RefreshRequestError('BAD_WARM_REQUEST', 'sitemap must be an http(s) URL');
  const maxKeys = input.kind === 'http' ? MAX_PAYLOAD_KEYS : MAX_KEYS;
  if (hasKeys && (!Array.isArray(p.keys) || p.keys.length > maxKeys || !p.keys.every((k) => typeof k === 'string'))) {
    throw new RefreshRequestError('BAD_WARM_REQUEST', `keys must be a list of at most ${maxKeys} strings; put longer lists in an object (keysFrom)`);
  }
  if (p.keysFrom !== undefined) {
    if (typeof p.keysFrom !== 'string') throw new RefreshRequestError('BAD_WARM_REQUEST', 'keysFrom must be oss://bucket/key');
    try {
      parseOssLocation(p.keysFrom);
    } catch (e) {
      throw new RefreshRequestError('BAD_WARM_REQUEST', (e as Error).message);
    }
  }
  if (p.window !== undefined) {
    try {
      parseWindow(p.window as string, typeof p.timeZone === 'string' ? p.timeZone : undefined);
    } catch (e) {
      throw new RefreshRequestError('BAD_WINDOW', (e as Error).message);
    }
  }
  const shards = positive('shards', p.shards, MAX_WARM_SHARDS);
  if (shards !== undefined && (!Number.isInteger(shards) || p.sitemap !== undefined)) throw new RefreshRequestError('BAD_WARM_REQUEST', 'shards must be an integer, with keys or keysFrom (not sitemap)');
  const queued = input.kind !== 'http';
  // a shard's place in its run is ours too: an HTTP caller naming one would fake the run's bookkeeping
  const sh = queued ? (p.shard as { index?: unknown; total?: unknown } | undefined) : undefined;
  const shard = sh && Number.isInteger(sh.index) && Number.isInteger(sh.total) ? { index: sh.index as number, total: sh.total as number } : undefined;
  const qps = positive('qps', p.qps, MAX_WARM_QPS);
  const mbps = positive('bandwidthMbps', p.bandwidthMbps, 10_000);
  const bps = mbps ? (mbps * 1_000_000) / 8 : positive('bytesPerSecond', p.bytesPerSecond, 10_000 * 125_000);
  // where a queued part carries on (its position, the list its run was started with, keys done) is ours:
  // an HTTP caller's listSource would pick which parked run a windowed part resumes, and with it that run's list
  const req: WarmRunRequest = {
    bucket: p.bucket, dryRun: dryRunOf(p),
    ...(hasKeys ? { keys: p.keys as string[] } : p.sitemap !== undefined ? { sitemap: p.sitemap as string } : { keysFrom: p.keysFrom as string }),
    ...(queued && typeof p.startAt === 'string' ? { startAt: p.startAt } : {}),
    ...(queued && typeof p.listSource === 'string' ? { listSource: p.listSource } : {}),
    ...(typeof p.window === 'string' ? { window: p.window } : {}), ...(typeof p.timeZone === 'string' ? { timeZone: p.timeZone } : {}),
    ...(queued && Array.isArray(p.warmedEarlier) ? { warmedEarlier: p.warmedEarlier.filter((k): k is string => typeof k === 'string').slice(0, MAX_PAYLOAD_KEYS) } : {}),
    ...(qps ? { qps } : {}), ...(bps ? { bytesPerSecond: bps } : {}),
  };
  return {
    req,
    // only a queued part carries its run id: an HTTP caller must not pick one (it would overwrite that run's report and list)
    ...(queued && typeof p.runId === 'string' ? { runId: p.runId } : {}),
    ...(queued && Number.isInteger(p.part) ? { part: p.part as number } : {}),
    ...(queued && p.carry && typeof p.carry === 'object' ? { carry: p.carry as WarmCarry } : {}),
    ...(shards && shards > 1 ? { shards } : {}), ...(shard ? { shard } : {}),
  };
}

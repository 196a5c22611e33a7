// One part of a warm-up run: load the key list (explicit, or a list object in OSS), warm from `startAt`
// on until the deadline, and say how to continue. An explicit list that does not finish is written to
// the state folder, so a continuation carries a location, never the keys (FC's async payload is 128 KB).
import type { OssInvoker } from '../../oss/ops/common.ts';
import { putObject } from '../../oss/ops/object.ts';
import type { RoutingRule } from '../../oss/models/website.ts';
import { parseOssLocation } from '../../state/location.ts';
import { compareKeys } from '../keys.ts';
import { liveRules } from '../run.ts';
import type { StateLocation } from '../types.ts';
import { addWarmCounters, warmBucket, ZERO_WARM_COUNTERS, type WarmCounters, type WarmResult } from './engine.ts';
import { normalizeKeys, readKeyListObject } from './key-list.ts';
import { fetchSitemap } from './sitemap.ts';
import { keyForUrl, type UrlMapping } from './url-keys.ts';
import type { OriginRequestOptions } from '../../net/index.ts';

export interface WarmRunRequest {
  bucket: string;
  keys?: string[];
  /** `oss://bucket/key` of a list, one key per line. */
  keysFrom?: string;
  /** A sitemap.xml URL on the origin (its URLs mapped back to keys through prefix rules). */
  sitemap?: string;
  /** Continue with this key (a previous part stopped before it). */
  startAt?: string;
  /** Keys past `startAt` the previous part already warmed (at most its concurrency). */
  warmedEarlier?: string[];
  qps?: number;
  bytesPerSecond?: number;
  dryRun: boolean;
  /** The list the run started from (keysFrom or sitemap), carried by every part: a parked run is found by it. */
  listSource?: string;
  /** Off-peak window "HH:MM-HH:MM" in `timeZone` (default UTC): outside it the run is parked. */
  window?: string;
  timeZone?: string;
}

/** What earlier parts of the run counted (carried by the continuation). */
export interface WarmCarry {
  parts: number;
  counters: WarmCounters;
  items: WarmResult['items'];
  itemsDropped: number;
}

export interface WarmRunDeps {
  client: OssInvoker;
  warmClient: OssInvoker;
  state: StateLocation;
  runId: string;
  deadline?: number;
  rules?: readonly RoutingRule[];
  maxItems?: number;
  /** Clock (ms since epoch) for the deadline; default Date.now. */
  now?: () => number;
  /** shared/net options for the sitemap fetch (allowPrivate, test seams). */
  net?: Omit<OriginRequestOptions, 'maxBytes'>;
  /** Keys one part takes on (default WARM_PART_KEYS). */
  partKeys?: number;
}

/**
 * Keys one part checks and warms: the presence listings cover only these, so a part's work is bounded
 * (a million sparse keys used to be listed again by every part before it warmed anything, and a part whose
 * listings filled its time queued the same start again forever).
 */
export const WARM_PART_KEYS = 10_000;

export interface WarmPart {
  result: WarmResult;
  /** Set when the run must continue: the request for the next part. */
  next?: WarmRunRequest;
}

export const warmListKey = (state: StateLocation, runId: string) => `${state.prefix}warm/${runId}/keys.txt`;

/** Writes a run's key list to the state folder; answers its oss:// location. */
export async function saveKeyList(client: OssInvoker, state: StateLocation, runId: string, keys: readonly string[]): Promise<string> {
  const key = warmListKey(state, runId);
  await putObject(client, { bucket: state.bucket, key, body: `${keys.join('\n')}\n`, contentType: 'text/plain; charset=utf-8' });
  return `oss://${state.bucket}/${key}`;
}

/** The run's sorted keys (a sitemap's unmapped URLs go to `unmapped`). */
export async function keysOf(req: WarmRunRequest, deps: Pick<WarmRunDeps, 'client' | 'net'>, rules: readonly RoutingRule[], unmapped: UrlMapping[]): Promise<string[]> {
  const client = deps.client;
  if (req.keys) return normalizeKeys(req.keys);
  if (req.sitemap) {
    const keys: string[] = [];
    for (const url of await fetchSitemap(req.sitemap, deps.net)) {
      const m = keyForUrl(rules, url);
      if (m.kind === 'key') keys.push(m.key);
      else unmapped.push(m);
    }
    return normalizeKeys(keys);
  }
  const loc = parseOssLocation(req.keysFrom!);
  return readKeyListObject(client, loc.bucket, loc.key);
}

export async function runWarmPart(req: WarmRunRequest, deps: WarmRunDeps): Promise<WarmPart> {
  const rules = deps.rules ?? (await liveRules(deps.client, req.bucket));
  const urlsLeft: UrlMapping[] = [];
  const all = await keysOf(req, deps, rules, urlsLeft);
  const remaining = req.startAt === undefined ? all : all.filter((k) => compareKeys(k, req.startAt!) >= 0);
  const keys = remaining.slice(0, Math.max(1, deps.partKeys ?? WARM_PART_KEYS));
  const result = await warmBucket({
    client: deps.client, warmClient: deps.warmClient, bucket: req.bucket, rules, keys, dryRun: req.dryRun,
    ...(req.warmedEarlier?.length ? { warmedEarlier: new Set(req.warmedEarlier) } : {}),
    ...(req.qps ? { qps: req.qps } : {}), ...(req.bytesPerSecond ? { bytesPerSecond: req.bytesPerSecond } : {}),
    ...(deps.deadline !== undefined ? { deadline: deps.deadline } : {}), ...(deps.maxItems ? { maxItems: deps.maxItems } : {}), ...(deps.now ? { now: deps.now } : {}),
  });
  // sitemap URLs no prefix rule maps: counted with the list, reported once (their own keys are unknown)
  result.counters.keys += urlsLeft.length;
  result.counters.unmapped += urlsLeft.length;
  for (const m of urlsLeft) {
    result.items.push({ bucket: req.bucket, target: m.url, code: m.kind === 'ambiguous' ? 'URL_AMBIGUOUS' : 'URL_UNMAPPED', status: 'warn', message: m.kind === 'ambiguous' ? `${m.reason}; not warmed` : 'no Mirror prefix rule of the bucket fetches this URL; not warmed' });
  }
  if (result.complete && remaining.length > keys.length) {
    // this part's keys are done: the next part starts at the first key it did not take on
    result.complete = false;
    result.resumeAt = remaining[keys.length]!;
    result.warmedAfter = [];
  }
  if (result.complete) return { result };
  let keysFrom = req.keysFrom;
  if (!keysFrom) {
    keysFrom = await saveKeyList(deps.client, deps.state, deps.runId, remaining.filter((k) => compareKeys(k, result.resumeAt!) >= 0));
  }
  const { keys: _explicit, sitemap: _fetched, ...rest } = req;
  return { result, next: { ...rest, keysFrom, startAt: result.resumeAt!, warmedEarlier: result.warmedAfter ?? [] } };
}

/** Adds a part's counts to what earlier parts carried. */
export function carryOn(carry: WarmCarry | undefined, part: WarmResult, maxItems: number): WarmCarry {
  const counters = addWarmCounters({ ...ZERO_WARM_COUNTERS, ...carry?.counters }, part.counters);
  const items = [...(carry?.items ?? []), ...part.items];
  const kept = items.slice(0, maxItems);
  return { parts: (carry?.parts ?? 0) + 1, counters, items: kept, itemsDropped: (carry?.itemsDropped ?? 0) + part.itemsDropped + items.length - kept.length };
}

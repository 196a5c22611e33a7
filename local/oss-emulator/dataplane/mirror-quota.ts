// The account's mirroring quota: OSS throttles all back-to-origin requests of one account in one region
// (mainland China 2,000 QPS and 2 Gbit/s, elsewhere 1,000 QPS and 1 Gbit/s: help page "0041-00000102"
// and the mirroring guide; shared/spec/oss-api.md). Off by default; `dataPlaneOptions.mirrorQuota =
// {qps, bytesPerSecond}` turns it on and is read on every request, so a test may change it mid-run.
//
// The answer over the quota: HTTP 503 (the mirroring guide: requests above the quota get 503) with the
// wording and EC OSS documents for it: "Mirror request is rejected by QoS" (the MirrorFailed table of the
// "HTTP status code 424" help page) and EC 0041-00000102 (help page 0041-00000102, "the QPS of mirroring-
// based back-to-origin requests exceeds the default limit ... OSS returns a throttling error"). The pages
// disagree on the status (424 table vs 503); we follow the guide, and clients should key on the EC.
import { OssEmulatorError } from '../errors.ts';
import type { DataPlaneContext } from '../dataplane-hook.ts';

export const MIRROR_QUOTA_EC = '0041-00000102';
export const MIRROR_QUOTA_MESSAGE = 'Mirror request is rejected by QoS';

export interface MirrorQuotaOptions {
  /** Mirroring requests admitted per second, account-wide. */
  qps?: number;
  /** Bytes fetched from origins per second, account-wide (charged when a copy is stored). */
  bytesPerSecond?: number;
}

interface Window {
  second: number;
  requests: number;
  bytes: number;
}

const quotas = new WeakMap<object, { options: Record<string, unknown>; window: Window }>();

/** Remembers the emulator's options for the fetch settings object that runRoutingRule passes along. */
export function bindMirrorQuota(fetchOptions: object, options: Record<string, unknown>): void {
  quotas.set(fetchOptions, { options, window: { second: -1, requests: 0, bytes: 0 } });
}

/**
 * Runs `mirror` when the quota admits one more mirroring request in the current second, else throws
 * the 503. Fixed one-second windows: a second's requests and bytes never exceed the quota (bytes by at
 * most the object that crossed it, as a stream's size is only known at its end).
 */
export async function withinMirrorQuota(ctx: DataPlaneContext, fetchOptions: object, mirror: () => Promise<void>): Promise<void> {
  const q = quotas.get(fetchOptions);
  const o = q?.options.mirrorQuota as MirrorQuotaOptions | undefined;
  if (!q || !o || (!(o.qps! > 0) && !(o.bytesPerSecond! > 0))) return mirror();
  const w = q.window;
  const second = Math.floor(ctx.now() / 1000);
  if (w.second !== second) Object.assign(w, { second, requests: 0, bytes: 0 });
  if ((o.qps! > 0 && w.requests >= o.qps!) || (o.bytesPerSecond! > 0 && w.bytes >= o.bytesPerSecond!)) {
    throw new OssEmulatorError(503, 'MirrorFailed', MIRROR_QUOTA_MESSAGE, MIRROR_QUOTA_EC);
  }
  w.requests++;
  await mirror();
  const stored = ctx.entry.objects.get(ctx.key);
  if (stored && Math.floor(ctx.now() / 1000) === w.second) w.bytes += stored.size;
}

import { randomBytes } from 'node:crypto';
import { putObject } from '../oss/ops/object.ts';
import { isOssErrorCode, type OssInvoker } from '../oss/ops/common.ts';
import type { ClaimResult, DeliveryNote, DeliveryRecord, DeliveryStore, TakeOverResult } from './delivery-store.ts';
import { StateUnavailableError } from './delivery-store.ts';
import { rawCode } from '../errors/base.ts';
import { DELIVERIES_FOLDER } from './keys.ts';

/** A record is a few hundred bytes; anything larger is not ours and is not read further. */
const MAX_RECORD_BYTES = 4096;

export interface OssDeliveryStoreOptions {
  bucket: string;
  /** The reports prefix ('' or ending in '/'); records go under `<prefix>_state/deliveries/`. */
  prefix: string;
  now?: () => number;
}

/**
 * The store shared by every instance: one object per key, created with `x-oss-forbid-overwrite`, so of
 * any number of instances claiming one key OSS lets exactly one create it. Records carry `expiresAt` for
 * the sweep; OSS is never asked to expire them on its own (a lifecycle rule on `_state/deliveries/` may).
 */
export function createOssDeliveryStore(client: OssInvoker, options: OssDeliveryStoreOptions): DeliveryStore {
  const now = options.now ?? Date.now;
  const objectKey = (key: string) => `${options.prefix}${DELIVERIES_FOLDER}${key}.json`;
  const put = (key: string, record: DeliveryRecord, forbidOverwrite: boolean) => putObject(client, {
    bucket: options.bucket, key: objectKey(key), body: JSON.stringify(record), contentType: 'application/json', contentMd5: true, forbidOverwrite,
  });
  const unavailable = (what: string, cause: unknown) => new StateUnavailableError(`delivery store: ${what} failed`, { cause });

  /** The record of a key; undefined when absent, oversize (not ours) or not a record. */
  async function read(key: string): Promise<DeliveryRecord | undefined> {
    let text: string;
    try {
      text = (await client.invokeText({ op: 'GetObject', method: 'GET', bucket: options.bucket, key: objectKey(key) }, MAX_RECORD_BYTES)).text;
    } catch (e) {
      if (isOssErrorCode(e, 'NoSuchKey') || rawCode(e) === 'MALFORMED_RESPONSE') return undefined;
      throw e;
    }
    try {
      const value = JSON.parse(text) as DeliveryRecord;
      return value !== null && typeof value === 'object' && value.key === key ? value : undefined;
    } catch {
      return undefined;
    }
  }

  /** The marker of a failed run's takeover: one object per failed run id, created by exactly one caller. */
  const takeOverKey = (key: string, failedRunId: string) => `${options.prefix}${DELIVERIES_FOLDER}${key}.retry-${failedRunId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100)}.json`;

  return {
    async claim(key, ttlMs, note = {}): Promise<ClaimResult> {
      const t = now();
      // names this claim: a create whose answer was lost is told from another instance's by reading it back
      const claimToken = randomBytes(12).toString('hex');
      const record: DeliveryRecord = { key, firstSeenAt: new Date(t).toISOString(), expiresAt: new Date(t + ttlMs).toISOString(), ...note, claimToken };
      let failure: unknown;
      try {
        await put(key, record, true);
        return { first: true };
      } catch (e) {
        // FileAlreadyExists: seen for sure. Anything else: the create may still have taken effect
        if (!isOssErrorCode(e, 'FileAlreadyExists')) failure = e;
      }
      let found: DeliveryRecord | undefined;
      try {
        found = await read(key);
      } catch (e) {
        throw unavailable(failure === undefined ? 'read' : 'claim', failure ?? e);
      }
      if (found?.claimToken === claimToken) return { first: true };
      if (failure !== undefined && !found) throw unavailable('claim', failure);
      return found ? { first: false, record: found } : { first: false };
    },
    async takeOver(key, failedRunId, note): Promise<TakeOverResult> {
      const markerKey = takeOverKey(key, failedRunId);
      const body = JSON.stringify({ key, failedRunId, runId: note.runId, token: randomBytes(12).toString('hex') });
      let failure: unknown;
      try {
        await putObject(client, { bucket: options.bucket, key: markerKey, body, contentType: 'application/json', contentMd5: true, forbidOverwrite: true });
        return { won: true };
      } catch (e) {
        if (!isOssErrorCode(e, 'FileAlreadyExists')) failure = e;
      }
      let text: string | undefined;
      try {
        text = (await client.invokeText({ op: 'GetObject', method: 'GET', bucket: options.bucket, key: markerKey }, MAX_RECORD_BYTES)).text;
      } catch (e) {
        if (!isOssErrorCode(e, 'NoSuchKey')) throw unavailable('takeover read', failure ?? e);
      }
      if (text === body) return { won: true }; // ours, its answer lost
      if (text === undefined) throw unavailable('takeover', failure);
      try {
        const runId = (JSON.parse(text) as { runId?: unknown }).runId;
        return typeof runId === 'string' ? { won: false, runId } : { won: false };
      } catch {
        return { won: false };
      }
    },
    async note(key, note: DeliveryNote) {
      try {
        const known = await read(key);
        if (!known) throw new StateUnavailableError('delivery store: no record to note');
        await put(key, { ...known, ...note }, false);
      } catch (e) {
        throw e instanceof StateUnavailableError ? e : unavailable('note', e);
      }
    },
  };
}

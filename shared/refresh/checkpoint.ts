// Checkpoints: where a range's scan stopped (the last key done; the listing resumes after it), the
// manifest generation and segment number being written, and the counters and items so far. Stored in
// OSS before the deadline; the next run of the same range resumes from it; a finished range deletes it.
import type { OssInvoker } from '../oss/ops/common.ts';
import type { ReportItem } from '../report/model.ts';
import { deleteQuietly, readJson, writeJson } from '../state/oss-json.ts';
import type { RefreshCounters } from './types.ts';

export interface Checkpoint {
  v: 1;
  runId: string;
  /** The last key whose processing finished (ListObjectsV2 start-after on resume). */
  lastKey?: string;
  generation: string;
  seq: number;
  counters: RefreshCounters;
  items: ReportItem[];
  itemsDropped: number;
  savedAt: string;
}

export const checkpointKey = (statePrefix: string, rangeId: string) => `${statePrefix}checkpoints/${rangeId}.json`;

export async function readCheckpoint(client: OssInvoker, bucket: string, key: string): Promise<Checkpoint | undefined> {
  const c = await readJson<Checkpoint>(client, bucket, key);
  return c && c.v === 1 && typeof c.generation === 'string' && typeof c.seq === 'number' && c.counters ? c : undefined;
}

export async function saveCheckpoint(client: OssInvoker, bucket: string, key: string, c: Checkpoint): Promise<void> {
  await writeJson(client, bucket, key, c);
}

export async function clearCheckpoint(client: OssInvoker, bucket: string, key: string): Promise<void> {
  await deleteQuietly(client, bucket, key);
}

// Shared set-up for refresh tests: a bucket whose Mirror rule points at a local origin, copies seeded
// directly into the emulator, and origin files with chosen validators.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { listObjectsV2 } from '../../../shared/oss/ops/list.ts';
import type { OssInvoker } from '../../../shared/oss/ops/common.ts';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import type { RefreshRunOptions } from '../../../shared/refresh/types.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { startOrigin, type OriginReply, type OriginServer } from '../../helpers/origin.ts';

export const STATE = { bucket: 'state', prefix: 'reports/_state/refresh-stale-objects/' };

/**
 * One emulator (with the state bucket) and one loopback origin per test file; like useEmulator, call the
 * getters inside tests or hooks.
 */
export function useRefreshWorld(): { emu: () => EmulatorHandle; origin: () => OriginServer } {
  const emu = useEmulator();
  let origin: OriginServer | undefined;
  beforeAll(async () => {
    origin = await startOrigin();
    emu().seed.createBucket(STATE.bucket);
  });
  afterAll(async () => origin?.close());
  return {
    emu,
    origin: () => {
      if (!origin) throw new Error('origin not started (call origin() inside a test or hook)');
      return origin;
    },
  };
}

const bucketNumbers = new Map<string, number>();

/** A new empty data bucket `<name>-<n>` for one test, the origin's request log emptied. */
export function freshBucket(emu: EmulatorHandle, origin: OriginServer, name: string): string {
  const n = (bucketNumbers.get(name) ?? 0) + 1;
  bucketNumbers.set(name, n);
  const bucket = `${name}-${n}`;
  emu.seed.createBucket(bucket);
  origin.requests.length = 0;
  return bucket;
}

export function mirrorRules(originUrl: string, prefix = ''): RoutingRule[] {
  return [{
    ruleNumber: 1,
    condition: { ...(prefix ? { keyPrefixEquals: prefix } : {}), httpErrorCodeReturnedEquals: 404 },
    redirect: { redirectType: 'Mirror', mirrorURL: originUrl },
  } as RoutingRule];
}

export interface OriginFile {
  body: string | Buffer;
  /** Which validators the origin sends. */
  contentMd5?: boolean;
  md5Etag?: boolean;
  /** An opaque ETag (nginx style) instead of an MD5 one. */
  etag?: string;
  lastModified?: Date;
}

export const md5 = (b: string | Buffer) => createHash('md5').update(b).digest();

/** Serves `file` at `/<key>` with the chosen validators; HEAD has no body; If-None-Match honoured. */
export function serve(origin: OriginServer, key: string, file: OriginFile | (() => OriginFile), extra: Partial<OriginReply> = {}): void {
  origin.route(`/${key}`, (req) => {
    const f = typeof file === 'function' ? file() : file;
    const body = Buffer.from(f.body);
    const headers: Record<string, string> = {};
    const etag = f.md5Etag ? `"${md5(body).toString('hex')}"` : f.etag;
    if (etag) headers.etag = etag;
    if (f.contentMd5) headers['content-md5'] = md5(body).toString('base64');
    if (f.lastModified) headers['last-modified'] = f.lastModified.toUTCString();
    if (etag && req.headers['if-none-match'] === etag) return { status: 304, headers, body: '' };
    if (req.method === 'HEAD') return { status: 200, headers: { ...headers, 'content-length': String(body.length) }, body: '', ...(extra.delayMs ? { delayMs: extra.delayMs } : {}) };
    return { status: 200, headers, body, ...extra };
  });
}

export function seedCopy(emu: EmulatorHandle, bucket: string, key: string, body: string | Buffer, at = new Date(Date.now() - 3_600_000)): void {
  emu.seed.putObject(bucket, key, body, { lastModified: at, contentType: 'text/plain', meta: { origin: 'mirror' } });
}


/** Every key of a bucket, listed through our client. */
export async function keysOf(client: OssInvoker, bucket: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for await (const page of listObjectsV2(client, { bucket, prefix, maxKeys: 1000 })) for (const o of page.contents) out.push(o.key);
  return out;
}

/** refreshRange options for the whole of `bucket/` against a local origin, with short budgets. */
export function rangeOptions(emu: EmulatorHandle, originUrl: string, bucket: string, extra: Partial<RefreshRunOptions> = {}): RefreshRunOptions {
  return {
    client: ossClient(emu), state: STATE, range: { bucket, prefix: `${bucket}/` }, rules: mirrorRules(originUrl),
    runId: `run-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`, net: { allowPrivate: true }, originBudgetMs: 2_000, refetchBudgetMs: 2_000,
    ...extra,
  };
}

/** Writes to a data bucket (the state bucket holds ossedge's manifest and checkpoints). */
export function dataWrites(emu: EmulatorHandle, bucket: string): number {
  return emu.requestLog().filter((e) => e.bucket === bucket && ['PutObject', 'CopyObject', 'DeleteObject'].includes(e.op)).length;
}

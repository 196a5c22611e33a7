import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, mkdirSync, fstatSync, writeSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { BucketState, ObjectMeta, StoredObject } from './types.ts';

/**
 * Layout under --data DIR:
 *   buckets/<bucket>/bucket.json          settings (written atomically)
 *   buckets/<bucket>/objects/<sha256>.obj body bytes, then meta JSON, then 4-byte BE meta length, then MAGIC
 *   tmp/                                  uploads in flight (emptied at start: a crash leaves nothing torn)
 * Every file is written to tmp/, fsynced, then renamed into place, so a reader sees the old or the new
 * object, never a mix; the trailer lets a loader reject anything that is not a complete object file.
 */

const MAGIC = Buffer.from('OSSEDGE1');
const TRAILER = 4 + MAGIC.length;

export function bucketDir(dataDir: string, bucket: string): string {
  return join(dataDir, 'buckets', bucket);
}

export function objectFile(dataDir: string, bucket: string, key: string): string {
  return join(bucketDir(dataDir, bucket), 'objects', `${createHash('sha256').update(key).digest('hex')}.obj`);
}

export function tmpFile(dataDir: string): string {
  return join(dataDir, 'tmp', `${Date.now()}-${randomBytes(6).toString('hex')}.part`);
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

export function prepareDataDir(dataDir: string): void {
  mkdirSync(join(dataDir, 'buckets'), { recursive: true });
  rmSync(join(dataDir, 'tmp'), { recursive: true, force: true });
  mkdirSync(join(dataDir, 'tmp'), { recursive: true });
}

/** Writes a small file atomically (tmp + fsync + rename). */
export function writeFileAtomic(dataDir: string, path: string, data: string | Buffer): void {
  const tmp = tmpFile(dataDir);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(join(path, '..'));
}

export function saveBucketState(dataDir: string, state: BucketState): void {
  const dir = bucketDir(dataDir, state.name);
  mkdirSync(join(dir, 'objects'), { recursive: true });
  writeFileAtomic(dataDir, join(dir, 'bucket.json'), JSON.stringify(state));
}

export function removeBucketDir(dataDir: string, bucket: string): void {
  rmSync(bucketDir(dataDir, bucket), { recursive: true, force: true });
}

function trailer(meta: ObjectMeta): Buffer {
  const json = Buffer.from(JSON.stringify(meta));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([json, len, MAGIC]);
}

/** A body being written to tmp/ as it arrives; `commit` makes it the object, `abort` leaves no trace. */
export class DiskUpload {
  private constructor(
    private readonly fh: FileHandle,
    private readonly tmp: string,
  ) {}

  static async start(dataDir: string): Promise<DiskUpload> {
    const tmp = tmpFile(dataDir);
    return new DiskUpload(await open(tmp, 'w'), tmp);
  }

  async write(chunk: Uint8Array): Promise<void> {
    await this.fh.write(chunk);
  }

  async commit(dataDir: string, bucket: string, meta: ObjectMeta): Promise<string> {
    await this.fh.write(trailer(meta));
    await this.fh.sync();
    await this.fh.close();
    const path = objectFile(dataDir, bucket, meta.key);
    await rename(this.tmp, path);
    fsyncDir(join(path, '..'));
    return path;
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}

/** Writes a whole object synchronously (seeding, copies). */
export function writeObjectSync(dataDir: string, bucket: string, meta: ObjectMeta, body: Uint8Array): string {
  const path = objectFile(dataDir, bucket, meta.key);
  writeFileAtomic(dataDir, path, Buffer.concat([body, trailer(meta)]));
  return path;
}

export function removeObjectFile(path: string): void {
  rmSync(path, { force: true });
}

/** Reads the meta trailer of an object file; undefined when the file is not a complete object. */
export function readObjectMeta(path: string): ObjectMeta | undefined {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < TRAILER) return undefined;
    const tail = Buffer.alloc(TRAILER);
    readSync(fd, tail, 0, TRAILER, size - TRAILER);
    if (!tail.subarray(4).equals(MAGIC)) return undefined;
    const len = tail.readUInt32BE(0);
    if (len + TRAILER > size) return undefined;
    const json = Buffer.alloc(len);
    readSync(fd, json, 0, len, size - TRAILER - len);
    const meta = JSON.parse(json.toString('utf8')) as ObjectMeta;
    return meta.size + len + TRAILER === size ? meta : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export interface LoadedBucket {
  state: BucketState;
  objects: StoredObject[];
  /** Files that were not complete objects (never expected: writes are atomic). */
  rejected: number;
}

export function loadDataDir(dataDir: string): LoadedBucket[] {
  const out: LoadedBucket[] = [];
  for (const name of readdirSync(join(dataDir, 'buckets'))) {
    const dir = bucketDir(dataDir, name);
    let state: BucketState;
    try {
      state = JSON.parse(readFileSync(join(dir, 'bucket.json'), 'utf8')) as BucketState;
    } catch {
      continue;
    }
    const objects: StoredObject[] = [];
    let rejected = 0;
    let files: string[] = [];
    try {
      files = readdirSync(join(dir, 'objects'));
    } catch {
      files = [];
    }
    for (const f of files) {
      if (!f.endsWith('.obj')) continue;
      const path = join(dir, 'objects', f);
      const meta = readObjectMeta(path);
      if (meta) objects.push({ ...meta, body: undefined, file: path });
      else rejected++;
    }
    out.push({ state, objects, rejected });
  }
  return out;
}

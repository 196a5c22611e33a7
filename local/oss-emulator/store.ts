import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { BodyHasher, type BodyDigest } from './body-hash.ts';
import {
  DiskUpload,
  loadDataDir,
  prepareDataDir,
  removeBucketDir,
  removeObjectFile,
  saveBucketState,
  writeObjectSync,
} from './disk.ts';
import { SortedKeys } from './sorted-keys.ts';
import type { BucketState, ObjectMeta, StoredObject } from './types.ts';

/** One bucket: settings, objects by key, and the keys in listing order. */
export class BucketEntry {
  readonly objects = new Map<string, StoredObject>();
  readonly keys = new SortedKeys();
  /**
   * Keys a create with `x-oss-forbid-overwrite` is committing (with a data directory the commit awaits the
   * disk): a second create of one of them is refused as if the first were done, as OSS decides one winner.
   */
  readonly creating = new Set<string>();
  constructor(public state: BucketState) {}
}

/** What an upload knows before its body is read. */
export type ObjectHeaders = Pick<ObjectMeta, 'contentType' | 'userMeta' | 'headers'> & { lastModified?: number };

/** A body being received; `finish` hashes are checked by the caller before `commit`. */
export interface Upload {
  write(chunk: Uint8Array): Promise<void>;
  digest(): BodyDigest;
  commit(bucket: string, key: string, headers: ObjectHeaders): Promise<StoredObject>;
  abort(): Promise<void>;
}

/**
 * The emulator's store: memory by default; with a data directory every bucket setting and object is
 * also on disk (atomic writes, see disk.ts) and loaded again at start.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, BucketEntry>();
  /** Files that failed to load as complete objects at start. */
  rejectedFiles = 0;

  constructor(
    readonly dataDir: string | undefined,
    private readonly now: () => number,
  ) {
    if (!dataDir) return;
    prepareDataDir(dataDir);
    for (const loaded of loadDataDir(dataDir)) {
      const entry = new BucketEntry(loaded.state);
      for (const obj of loaded.objects) {
        entry.objects.set(obj.key, obj);
        entry.keys.insert(obj.key);
      }
      this.rejectedFiles += loaded.rejected;
      this.buckets.set(loaded.state.name, entry);
    }
  }

  bucketNames(): string[] {
    return [...this.buckets.keys()].sort();
  }

  bucket(name: string): BucketEntry | undefined {
    return this.buckets.get(name);
  }

  createBucket(state: BucketState): BucketEntry {
    const entry = new BucketEntry(state);
    this.buckets.set(state.name, entry);
    this.persistBucket(entry);
    return entry;
  }

  /** Replaces some settings of a bucket (and persists them). */
  updateBucket(entry: BucketEntry, patch: Partial<BucketState>): void {
    const next: BucketState = { ...entry.state, ...patch };
    for (const k of Object.keys(patch) as (keyof BucketState)[]) if (patch[k] === undefined) delete next[k];
    entry.state = next;
    this.persistBucket(entry);
  }

  deleteBucket(name: string): void {
    this.buckets.delete(name);
    if (this.dataDir) removeBucketDir(this.dataDir, name);
  }

  private persistBucket(entry: BucketEntry): void {
    if (this.dataDir) saveBucketState(this.dataDir, entry.state);
  }

  async beginUpload(): Promise<Upload> {
    const hasher = new BodyHasher();
    const dataDir = this.dataDir;
    if (dataDir) {
      const disk = await DiskUpload.start(dataDir);
      return {
        write: async (chunk) => {
          hasher.update(chunk);
          await disk.write(chunk);
        },
        digest: () => hasher.digest(),
        commit: async (bucket, key, headers) => {
          const obj = this.record(key, hasher.digest(), headers, undefined, undefined);
          obj.file = await disk.commit(dataDir, bucket, this.metaOf(obj));
          return this.install(bucket, obj);
        },
        abort: () => disk.abort(),
      };
    }
    const chunks: Buffer[] = [];
    return {
      write: async (chunk) => {
        hasher.update(chunk);
        chunks.push(Buffer.from(chunk));
      },
      digest: () => hasher.digest(),
      commit: async (bucket, key, headers) => this.install(bucket, this.record(key, hasher.digest(), headers, Buffer.concat(chunks), undefined)),
      abort: async () => {
        chunks.length = 0;
      },
    };
  }

  /** Stores a whole body at once (seeding, CopyObject). */
  putObjectSync(bucket: string, key: string, body: Buffer, headers: ObjectHeaders): StoredObject {
    const hasher = new BodyHasher();
    hasher.update(body);
    return this.putWithDigest(bucket, key, body, hasher.digest(), headers);
  }

  /** Stores a body whose digest is already known (bulk seeding shares one body between many keys). */
  putWithDigest(bucket: string, key: string, body: Buffer, digest: BodyDigest, headers: ObjectHeaders): StoredObject {
    if (!this.dataDir) return this.install(bucket, this.record(key, digest, headers, body, undefined));
    const obj = this.record(key, digest, headers, undefined, undefined);
    obj.file = writeObjectSync(this.dataDir, bucket, this.metaOf(obj), body);
    return this.install(bucket, obj);
  }

  deleteObject(entry: BucketEntry, key: string): boolean {
    const obj = entry.objects.get(key);
    if (!obj) return false;
    entry.objects.delete(key);
    entry.keys.delete(key);
    if (obj.file) removeObjectFile(obj.file);
    return true;
  }

  /** The bytes [start, end] (inclusive) of an object as a stream. */
  openBody(obj: StoredObject, start = 0, end = obj.size - 1): Readable {
    if (obj.size === 0 || end < start) return Readable.from([]);
    if (obj.body) return Readable.from([obj.body.subarray(start, end + 1)]);
    return createReadStream(obj.file!, { start, end });
  }

  async readBody(obj: StoredObject): Promise<Buffer> {
    if (obj.body) return obj.body;
    return (await readFile(obj.file!)).subarray(0, obj.size);
  }

  /** One object literal with a fixed shape (a million seeded objects share one hidden class). */
  private record(key: string, digest: BodyDigest, headers: ObjectHeaders, body: Buffer | undefined, file: string | undefined): StoredObject {
    return {
      key,
      size: digest.size,
      etag: digest.etag,
      contentMd5: digest.md5Base64,
      crc64: digest.crc64,
      lastModified: headers.lastModified ?? this.now(),
      contentType: headers.contentType,
      userMeta: headers.userMeta,
      headers: headers.headers,
      body,
      file,
    };
  }

  /** What the data file's trailer keeps (no body, no path). */
  private metaOf(obj: StoredObject): ObjectMeta {
    const { body: _body, file: _file, ...meta } = obj;
    return meta;
  }

  private install(bucket: string, obj: StoredObject): StoredObject {
    const entry = this.buckets.get(bucket);
    if (!entry) throw new Error(`bucket ${bucket} vanished during upload`);
    const old = entry.objects.get(obj.key);
    entry.objects.set(obj.key, obj);
    if (!old) entry.keys.insert(obj.key);
    else if (old.file && old.file !== obj.file) removeObjectFile(old.file);
    return obj;
  }
}

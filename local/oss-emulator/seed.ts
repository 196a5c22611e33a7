import type { CorsConfiguration, RefererConfiguration, WebsiteConfiguration } from '../../shared/oss/models/index.ts';
import { digestOf } from './body-hash.ts';
import { isBucketName } from '../../shared/oss/endpoint.ts';
import type { ObjectStore } from './store.ts';
import type { BucketAcl, BucketState, CnameEntry, StoredObject } from './types.ts';
import { DEFAULT_CONTENT_TYPE } from './object-headers.ts';

export interface SeedBucketOptions {
  acl?: BucketAcl;
  storageClass?: string;
  website?: WebsiteConfiguration;
  cors?: CorsConfiguration;
  referer?: RefererConfiguration;
  policy?: string;
  publicAccessBlock?: boolean;
  cnames?: CnameEntry[];
}

export interface SeedObjectOptions {
  contentType?: string;
  /** `x-oss-meta-*` values; names with or without the prefix. */
  meta?: Record<string, string>;
  lastModified?: Date | number;
  /** Stored standard headers (cache-control, content-disposition, ...). */
  headers?: Record<string, string>;
}

/** Direct writes into the store, bypassing HTTP and auth (tests, `ossedge local`, benchmarks). */
export interface EmulatorSeed {
  /** Creates the bucket (or updates the given settings when it exists). */
  createBucket(name: string, options?: SeedBucketOptions): void;
  putObject(bucket: string, key: string, body: string | Uint8Array, options?: SeedObjectOptions): StoredObject;
  /**
   * Bulk seeding: `count` objects named `keyOf(i)` sharing one body (hashed once). In memory mode the body
   * buffer is shared too, so a million keys cost little more than their records.
   */
  putObjects(bucket: string, count: number, keyOf: (i: number) => string, body?: string | Uint8Array, options?: SeedObjectOptions): void;
  setAcl(bucket: string, acl: BucketAcl): void;
  setWebsite(bucket: string, website: WebsiteConfiguration | undefined): void;
  setCors(bucket: string, cors: CorsConfiguration | undefined): void;
  setReferer(bucket: string, referer: RefererConfiguration | undefined): void;
  setPolicy(bucket: string, policy: string | undefined): void;
  setCnames(bucket: string, cnames: CnameEntry[]): void;
  setPublicAccessBlock(bucket: string, block: boolean | undefined): void;
  getObject(bucket: string, key: string): StoredObject | undefined;
  readObject(bucket: string, key: string): Promise<Buffer | undefined>;
  deleteObject(bucket: string, key: string): boolean;
}

function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

function metaHeaders(meta: Record<string, string> | undefined): Record<string, string> {
  if (!meta) return EMPTY;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) {
    const name = k.toLowerCase();
    out[name.startsWith('x-oss-meta-') ? name : `x-oss-meta-${name}`] = v;
  }
  return out;
}

export function createSeed(store: ObjectStore, now: () => number): EmulatorSeed {
  const bucket = (name: string) => {
    const entry = store.bucket(name);
    if (!entry) throw new Error(`seed: no bucket ${name}`);
    return entry;
  };
  const objectHeaders = (o: SeedObjectOptions | undefined) => ({
    contentType: o?.contentType ?? DEFAULT_CONTENT_TYPE,
    userMeta: metaHeaders(o?.meta),
    headers: o?.headers ? { ...o.headers } : EMPTY,
    lastModified: o?.lastModified === undefined ? undefined : +o.lastModified,
  });
  const patch = (name: string, p: Partial<BucketState>) => store.updateBucket(bucket(name), p);
  return {
    createBucket(name, o = {}) {
      if (!isBucketName(name)) throw new Error(`seed: invalid bucket name ${name}`);
      const settings: Partial<BucketState> = {};
      for (const k of ['acl', 'storageClass', 'website', 'cors', 'referer', 'policy', 'publicAccessBlock', 'cnames'] as const) {
        if (o[k] !== undefined) (settings as Record<string, unknown>)[k] = o[k];
      }
      const existing = store.bucket(name);
      if (existing) store.updateBucket(existing, settings);
      else store.createBucket({ name, creationDate: now(), acl: 'private', storageClass: 'Standard', cnames: [], ...settings });
    },
    putObject(b, key, body, o) {
      bucket(b);
      return store.putObjectSync(b, key, Buffer.from(typeof body === 'string' ? Buffer.from(body) : body), objectHeaders(o));
    },
    putObjects(b, count, keyOf, body = '', o) {
      bucket(b);
      const buf = Buffer.from(typeof body === 'string' ? Buffer.from(body) : body);
      const digest = digestOf(buf);
      const headers = objectHeaders(o);
      // Keys built by concatenation are ropes in V8; a flat copy costs far less memory per key.
      for (let i = 0; i < count; i++) store.putWithDigest(b, flat(keyOf(i)), buf, digest, headers);
    },
    setAcl: (b, acl) => patch(b, { acl }),
    setWebsite: (b, website) => patch(b, { website }),
    setCors: (b, cors) => patch(b, { cors }),
    setReferer: (b, referer) => patch(b, { referer }),
    setPolicy: (b, policy) => patch(b, { policy }),
    setCnames: (b, cnames) => patch(b, { cnames: cnames.map((c) => ({ ...c })) }),
    setPublicAccessBlock: (b, block) => patch(b, { publicAccessBlock: block }),
    getObject: (b, key) => store.bucket(b)?.objects.get(key),
    async readObject(b, key) {
      const obj = store.bucket(b)?.objects.get(key);
      return obj ? Buffer.from(await store.readBody(obj)) : undefined;
    },
    deleteObject(b, key) {
      const entry = store.bucket(b);
      return entry ? store.deleteObject(entry, key) : false;
    },
  };
}

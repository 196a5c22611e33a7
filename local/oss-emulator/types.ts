import type { CorsConfiguration, RefererConfiguration, WebsiteConfiguration } from '../../shared/oss/models/index.ts';

export type BucketAcl = 'private' | 'public-read' | 'public-read-write';
export const BUCKET_ACLS: readonly BucketAcl[] = ['private', 'public-read', 'public-read-write'];

/** What the store keeps of an object besides its bytes. */
export interface ObjectMeta {
  key: string;
  size: number;
  /** Quoted upper-case hex MD5, as OSS returns for simple uploads. */
  etag: string;
  /** Base64 MD5 (Content-MD5 response header). */
  contentMd5: string;
  /** Unsigned decimal CRC-64/XZ. */
  crc64: string;
  /** Milliseconds since the epoch (the time stored, unless seeded otherwise). */
  lastModified: number;
  contentType: string;
  /** Lower-case `x-oss-meta-*` header names → values. */
  userMeta: Record<string, string>;
  /** Standard headers stored with the object: cache-control, content-disposition, content-encoding, content-language, expires. */
  headers: Record<string, string>;
}

/** An object in the store: bytes in memory (`body`) or in a data file (`file`, body is its first `size` bytes). */
export interface StoredObject extends ObjectMeta {
  body?: Buffer;
  file?: string;
}

export interface CnameEntry {
  domain: string;
  status?: string;
  lastModified?: number;
}

/** A bucket's settings (everything but its objects); persisted as bucket.json with --data. */
export interface BucketState {
  name: string;
  creationDate: number;
  acl: BucketAcl;
  storageClass: string;
  website?: WebsiteConfiguration;
  cors?: CorsConfiguration;
  referer?: RefererConfiguration;
  /** Policy JSON text exactly as PUT. */
  policy?: string;
  publicAccessBlock?: boolean;
  cnames: CnameEntry[];
}

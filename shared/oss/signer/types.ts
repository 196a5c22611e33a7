import type { Credentials } from '../credentials/types.ts';

export type SignatureVersion = 'v4' | 'v1';

/**
 * What a signer needs to know of a request. Pure data: no sockets, no clock.
 * `headers` names are case-insensitive; the signer returns the headers to add, it never mutates.
 */
export interface SignableRequest {
  method: string;
  /** Absent for service-level calls (ListBuckets). */
  bucket?: string;
  /** Raw (not encoded) object key. */
  key?: string;
  /** Raw (not encoded) query parameters; a sub-resource is a key with value '' (e.g. ['website', '']). */
  query: ReadonlyArray<readonly [string, string]>;
  headers: Readonly<Record<string, string>>;
}

export interface SignInput {
  request: SignableRequest;
  credentials: Credentials;
  /** The signing time (the client passes now + corrected clock offset). */
  time: Date;
  /** Bare region id, e.g. cn-hangzhou (V4 only). */
  region: string;
  /** 'oss' (default) or 'oss-cloudbox' (V4 only). */
  product?: string;
  /** Extra header names to sign (V4 AdditionalHeaders); normalised by the signer. */
  additionalHeaders?: readonly string[];
}

export interface SignedHeaders {
  /** Headers to set on the request (Authorization, x-oss-date, Date, x-oss-content-sha256, token...). */
  headers: Record<string, string>;
  /** For debugging and for the emulator's SignatureDoesNotMatch body. */
  stringToSign: string;
  canonicalRequest?: string;
}

export interface PresignInput extends SignInput {
  /** Seconds the URL stays valid: 1..604800. */
  expires: number;
}

export interface PresignedQuery {
  /** Query parameters to append, in the order to emit them (raw values; the caller encodes). */
  query: Array<[string, string]>;
  stringToSign: string;
  canonicalRequest?: string;
}

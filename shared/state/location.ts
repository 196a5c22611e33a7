import { OssedgeError } from '../errors/base.ts';
import { isBucketName } from '../oss/endpoint.ts';

/** An `oss://bucket/prefix/` location (OSSEDGE_REPORTS, OSSEDGE_CONFIG). */
export interface OssLocation {
  bucket: string;
  /** Key prefix; '' or ending in '/' for a folder, else an object key. */
  key: string;
}

export class LocationError extends OssedgeError<'INVALID_LOCATION'> {
  override readonly name = 'LocationError';
  constructor(message: string) {
    super('INVALID_LOCATION', message);
  }
}


export function parseOssLocation(value: string): OssLocation {
  const m = /^oss:\/\/([^/]+)(?:\/(.*))?$/.exec(value.trim());
  if (!m || !isBucketName(m[1])) throw new LocationError(`not an oss://bucket/prefix location: ${JSON.stringify(value)}`);
  return { bucket: m[1]!, key: m[2] ?? '' };
}

/** A folder location: the key, if any, ends with '/'. */
export function ossFolder(value: string): OssLocation {
  const loc = parseOssLocation(value);
  return { bucket: loc.bucket, key: loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/` };
}

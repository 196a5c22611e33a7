import { SignerError } from './errors.ts';

/** Unreserved characters of RFC 3986: they are never percent-encoded. */
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
/** Unreserved path: the same plus '/', which OSS keeps as is in the V4 canonical URI. */
const UNRESERVED_PATH = /^[A-Za-z0-9\-._~/]*$/;
/** Characters encodeURIComponent leaves alone but RFC 3986 reserves. */
const SUB_DELIMS = /[!'()*]/g;

function escapeSubDelim(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
}

function encodeUtf8Component(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch (cause) {
    throw new SignerError('INVALID_ARGUMENT', 'value is not valid UTF-16 (lone surrogate)', { cause });
  }
  return encoded.replace(SUB_DELIMS, escapeSubDelim);
}

/**
 * Percent-encodes every byte of the UTF-8 form except `A-Z a-z 0-9 - . _ ~`, with uppercase hex
 * (RFC 3986). Space becomes `%20`, never `+`. Used for V4 query keys and values.
 */
export function rfc3986Encode(value: string): string {
  return UNRESERVED.test(value) ? value : encodeUtf8Component(value);
}

/** Like {@link rfc3986Encode} but keeps `/` (the V4 canonical URI and request paths). */
export function rfc3986EncodePath(value: string): string {
  return UNRESERVED_PATH.test(value) ? value : encodeUtf8Component(value).replace(/%2F/g, '/');
}

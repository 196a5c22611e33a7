import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** Most processes sign with one or two keys; a day rolls the scope, so few entries are ever live. */
const MAX_CACHED_KEYS = 32;

const cache = new Map<string, KeyObject>();
// The last hit, checked by identity before building a cache key.
let lastSecret = '';
let lastDay = '';
let lastRegion = '';
let lastProduct = '';
let lastKey: KeyObject | undefined;

function derive(secret: string, day: string, region: string, product: string): KeyObject {
  const kDate = createHmac('sha256', `aliyun_v4${secret}`).update(day).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kProduct = createHmac('sha256', kRegion).update(product).digest();
  return createSecretKey(createHmac('sha256', kProduct).update('aliyun_v4_request').digest());
}

/**
 * The V4 signing key `HMAC(HMAC(HMAC(HMAC("aliyun_v4" + secret, day), region), product),
 * "aliyun_v4_request")`, cached per (secret, day, region, product) in a small bounded cache.
 * Returned as a KeyObject: never log or serialise it.
 */
export function signingKeyV4(secret: string, day: string, region: string, product: string): KeyObject {
  if (
    lastKey !== undefined &&
    secret === lastSecret &&
    day === lastDay &&
    region === lastRegion &&
    product === lastProduct
  ) {
    return lastKey;
  }
  const id = `${day}\n${region}\n${product}\n${secret}`;
  let key = cache.get(id);
  if (key === undefined) {
    key = derive(secret, day, region, product);
    if (cache.size >= MAX_CACHED_KEYS) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(id, key);
  }
  lastSecret = secret;
  lastDay = day;
  lastRegion = region;
  lastProduct = product;
  lastKey = key;
  return key;
}

/** Lower-case hex HMAC-SHA256 of the string to sign with a signing key. */
export function signatureV4(signingKey: KeyObject, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

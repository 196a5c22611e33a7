import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalRequestV4, signatureV1, signatureV4, stringToSignV1, stringToSignV4 } from '../../../local/oss-emulator/auth-canonical.ts';
import { compareKeys, SortedKeys } from '../../../local/oss-emulator/sorted-keys.ts';

/** The key index against a plain sorted array, and the verifier's canonicalisation against the conformance vectors. */

function utf8Order(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

describe('SortedKeys', () => {
  it('does keep UTF-8 byte order through random inserts and deletes, and seek like a sorted array', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const alphabet = ['a', 'b', '/', 'z', '\u00e9', '\uffee', '\u{1f600}', '0'];
    const key = () => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const index = new SortedKeys();
    const ref = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const k = key();
      if (rnd() < 0.3) expect(index.delete(k)).toBe(ref.delete(k));
      else expect(index.insert(k)).toBe(!ref.has(k) && !!ref.add(k));
    }
    const sorted = [...ref].sort(utf8Order);
    expect(index.size).toBe(sorted.length);
    const all: string[] = [];
    const c = index.cursor('', false);
    for (let k = c.next(); k !== undefined; k = c.next()) all.push(k);
    expect(all).toEqual(sorted);
    for (let i = 0; i < 200; i++) {
      const probe = key();
      const exclusive = rnd() < 0.5;
      const expected = sorted.find((k) => (exclusive ? utf8Order(k, probe) > 0 : utf8Order(k, probe) >= 0));
      expect(index.cursor(probe, exclusive).next()).toBe(expected);
    }
  });

  it('does compare astral characters after U+FFEE as UTF-8 does', () => {
    expect(compareKeys('\uffee', '\u{1f600}')).toBeLessThan(0);
    expect('\uffee' < '\u{1f600}').toBe(false);
  });
});

interface Vector {
  name: string;
  signature_version: 'v4' | 'v1';
  inputs: {
    access_key_secret: string;
    security_token: string | null;
    region?: string;
    method: string;
    bucket: string;
    key?: string;
    query?: Array<[string, string]>;
    headers: Array<[string, string]>;
    auth_method: string;
  };
  derived_not_in_source?: { canonical_request?: string; string_to_sign?: string };
  expected: Record<string, string>;
}

describe('emulator canonicalisation vs shared/conformance vectors', () => {
  const vectors = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../shared/conformance/oss-signature-vectors.json'), 'utf8')) as Vector[];
  const v4Header = vectors.filter((v) => v.signature_version === 'v4' && v.inputs.auth_method === 'header' && v.derived_not_in_source?.canonical_request);

  it.each(v4Header.map((v) => [v.name, v] as const))('does rebuild the V4 canonical request and signature of %s', (_n, v) => {
    const canonical = v.derived_not_in_source!.canonical_request!;
    const lines = canonical.split('\n');
    const headers: Record<string, string> = {};
    for (const [k, val] of v.inputs.headers) headers[k.toLowerCase()] = val;
    const date = /x-oss-date:(\S+)/.exec(canonical)![1]!;
    headers['x-oss-date'] = date;
    if (v.inputs.security_token) headers['x-oss-security-token'] = v.inputs.security_token;
    const additional = lines[lines.length - 2]!.split(';').filter(Boolean);
    const req = { method: v.inputs.method, bucket: v.inputs.bucket, key: v.inputs.key, query: v.inputs.query ?? [], headers };
    expect(canonicalRequestV4(req, additional)).toBe(canonical);
    const sts = stringToSignV4(date, `${date.slice(0, 8)}/${v.inputs.region}/oss/aliyun_v4_request`, canonical);
    const sig = signatureV4(v.inputs.access_key_secret, date.slice(0, 8), v.inputs.region!, 'oss', sts);
    expect(v.expected.Authorization).toContain(`Signature=${sig}`);
  });

  it('does rebuild the V1 presigned string to sign with a token', () => {
    const v = vectors.find((x) => x.name === 'v1-presign-sts-token')!;
    const req = { method: 'GET', bucket: 'bucket', key: 'key+123', query: [['versionId', 'versionId'], ['security-token', 'token'], ['OSSAccessKeyId', 'ak'], ['Expires', '1699808204']] as Array<[string, string]>, headers: {} };
    const sts = stringToSignV1(req, '1699808204');
    expect(sts).toBe(v.derived_not_in_source!.string_to_sign);
    expect(v.expected.signed_url).toContain(`Signature=${encodeURIComponent(signatureV1('sk', sts))}`);
  });
});

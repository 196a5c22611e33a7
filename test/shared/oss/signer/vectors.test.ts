import { describe, expect, it } from 'vitest';
import { presignV1, presignV4, rfc3986Encode, signV1, signV4 } from '../../../../shared/oss/signer/index.ts';
import type { SignableRequest } from '../../../../shared/oss/signer/index.ts';
import { parseQuery, readShared } from './fixtures.ts';

interface Vector {
  name: string;
  signature_version: 'v4' | 'v1';
  inputs: Record<string, unknown> & {
    access_key_id: string;
    access_key_secret: string;
    security_token: string | null;
    method: string;
    bucket: string;
    key: string | null;
    auth_method: string;
    headers?: Array<[string, string]>;
  };
  expected: Record<string, string>;
  derived_not_in_source?: { canonical_request?: string; string_to_sign?: string };
}

const vectors = JSON.parse(readShared('conformance/oss-signature-vectors.json')) as Vector[];

function credentialsOf(v: Vector) {
  const i = v.inputs;
  return {
    accessKeyId: i.access_key_id,
    accessKeySecret: i.access_key_secret,
    ...(i.security_token ? { securityToken: i.security_token } : {}),
  };
}

function requestOf(v: Vector, query: Array<[string, string]>): SignableRequest {
  const i = v.inputs;
  return {
    method: i.method,
    bucket: i.bucket,
    ...(i.key ? { key: i.key } : {}),
    query,
    headers: Object.fromEntries(i.headers ?? []),
  };
}

/** Query of a vector URL such as `http://host/key?versionId=x` → raw pairs. */
function urlQuery(url: string): Array<[string, string]> {
  const q = url.indexOf('?');
  return q < 0 ? [] : parseQuery(url.slice(q + 1));
}

describe('signature vectors (shared/conformance/oss-signature-vectors.json)', () => {
  it('holds the 18 vectors the spec names', () => {
    expect(vectors).toHaveLength(18);
  });

  for (const v of vectors) {
    const presign = v.inputs.auth_method.startsWith('query');
    it(`reproduces ${v.name} when signing with ${v.signature_version} ${presign ? 'query' : 'header'} auth`, () => {
      const i = v.inputs;
      if (v.signature_version === 'v4') {
        const time = new Date((i['signing_time_unix'] as number) * 1000);
        const base = {
          request: requestOf(v, i['query'] as Array<[string, string]>),
          credentials: credentialsOf(v),
          time,
          region: i['region'] as string,
          product: i['product'] as string,
          additionalHeaders: i['additional_headers'] as string[],
        };
        if (!presign) {
          const signed = signV4(base);
          expect(signed.headers['authorization']).toBe(v.expected['Authorization']);
          if (v.derived_not_in_source?.canonical_request !== undefined) {
            expect(signed.canonicalRequest).toBe(v.derived_not_in_source.canonical_request);
            expect(signed.stringToSign).toBe(v.derived_not_in_source.string_to_sign);
          }
          return;
        }
        const expires = (i['expiration_time_unix'] as number) - (i['signing_time_unix'] as number);
        const signed = presignV4({ ...base, expires });
        const got = new Map(signed.query);
        expect(signed.query[signed.query.length - 1]?.[0]).toBe('x-oss-signature');
        for (const [label, want] of Object.entries(v.expected)) {
          const name = label.replace(/\(.*$/, '');
          const value = got.get(name) ?? '';
          expect(label.includes('encoded') ? rfc3986Encode(value) : value, label).toBe(want);
        }
        if (v.derived_not_in_source?.canonical_request !== undefined) {
          expect(signed.canonicalRequest).toBe(v.derived_not_in_source.canonical_request);
        }
        return;
      }
      // V1
      if (!presign) {
        const signed = signV1(
          {
            request: requestOf(v, urlQuery(i['url'] as string)),
            credentials: credentialsOf(v),
            time: new Date(Date.parse(i['signing_time'] as string)),
            region: '',
          },
          { subResources: i['extra_signed_subresources'] as string[] },
        );
        expect(signed.stringToSign).toBe(v.expected['string_to_sign']);
        expect(signed.headers['authorization']).toBe(v.expected['Authorization']);
        return;
      }
      const url = i['url'] as string;
      const unix = Number(/unix (\d+)/.exec(i['expiration'] as string)?.[1]);
      const expires = 900;
      const request = requestOf(v, urlQuery(url));
      const signed = presignV1({
        request,
        credentials: credentialsOf(v),
        time: new Date((unix - expires) * 1000),
        region: '',
        expires,
      });
      const all = [...request.query, ...signed.query].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const q = all.map(([k, val]) => `${rfc3986Encode(k)}=${rfc3986Encode(val)}`).join('&');
      expect(`${url.split('?')[0]}?${q}`).toBe(v.expected['signed_url']);
      if (v.derived_not_in_source?.string_to_sign !== undefined) {
        expect(signed.stringToSign).toBe(v.derived_not_in_source.string_to_sign);
      }
    });
  }
});

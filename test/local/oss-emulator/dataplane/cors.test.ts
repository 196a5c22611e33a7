import { describe, expect, it } from 'vitest';
import type { CorsConfiguration } from '../../../../shared/oss/models/cors.ts';
import { actualRequestCorsHeaders, answerPreflight, matchCorsRule } from '../../../../local/oss-emulator/dataplane/cors.ts';

// From the documents: PutBucketCors "CORS rule matching" (rules in order, first match; Origin matches an
// AllowedOrigin, method or Access-Control-Request-Method matches an AllowedMethod, every header of
// Access-Control-Request-Headers matches an AllowedHeader; no match → no CORS headers); the console guide
// (`https://*.example.com` for sub-domains, `*` for all, a non-default port must be written, headers are
// case-insensitive); spec §3.2 (preflight answer headers; denial 403 AccessForbidden "CORSResponse: ...",
// the 403 error page; ResponseVary "whether to always return Vary: Origin").

const config: CorsConfiguration = {
  rules: [
    { allowedOrigin: ['https://*.example.com'], allowedMethod: ['GET', 'HEAD'], allowedHeader: ['x-custom'], exposeHeader: ['ETag', 'x-oss-request-id'], maxAgeSeconds: 100 },
    { allowedOrigin: ['https://www.example.com:8080'], allowedMethod: ['PUT'], allowedHeader: ['*'] },
    { allowedOrigin: ['*'], allowedMethod: ['GET'] },
  ],
};

describe('matchCorsRule', () => {
  const table: Array<[string, string, string, string[], number | undefined]> = [
    ['sub-domain wildcard, GET', 'https://app.example.com', 'GET', [], 0],
    ['sub-domain wildcard, allowed header in another case', 'https://app.example.com', 'HEAD', ['X-Custom'], 0],
    ['requested header not allowed by rule 1, falls to `*` rule which allows no headers', 'https://app.example.com', 'GET', ['x-other'], undefined],
    ['non-default port written in the rule', 'https://www.example.com:8080', 'PUT', ['content-type', 'x-any'], 1],
    ['port missing from the Origin', 'https://www.example.com', 'PUT', [], undefined],
    ['`*` origin rule for any site', 'https://other.org', 'GET', [], 2],
    ['method allowed by no rule for that origin', 'https://other.org', 'DELETE', [], undefined],
    ['first match wins although rule 3 also matches', 'https://a.example.com', 'GET', [], 0],
  ];
  for (const [name, origin, method, headers, expected] of table) {
    it(`selects rule ${expected ?? 'none'} for ${name}`, () => {
      const rule = matchCorsRule(config, { origin, method, requestHeaders: headers.map((h) => h.toLowerCase()) });
      expect(rule === undefined ? undefined : config.rules.indexOf(rule)).toBe(expected);
    });
  }
});

describe('answerPreflight', () => {
  it('answers 200 with the Access-Control-* headers of the matching rule', () => {
    const pre = answerPreflight(config, 'https://app.example.com', 'GET', 'x-custom');
    expect(pre).toEqual({
      status: 200,
      headers: {
        'access-control-allow-origin': 'https://app.example.com',
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': 'x-custom',
        'access-control-expose-headers': 'ETag, x-oss-request-id',
        'access-control-max-age': '100',
      },
    });
  });

  it('denies with 403 AccessForbidden and no Access-Control-* headers when no rule matches', () => {
    const pre = answerPreflight(config, 'https://app.example.com', 'DELETE', undefined);
    expect(pre.status).toBe(403);
    expect(pre).toMatchObject({ denied: true, code: 'AccessForbidden' });
    expect('message' in pre && pre.message.startsWith('CORSResponse:')).toBe(true);
    expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('denies when the bucket has no CORS rules or the preflight lacks its required headers', () => {
    expect(answerPreflight(undefined, 'https://a.example.com', 'GET', undefined).status).toBe(403);
    expect(answerPreflight(config, undefined, 'GET', undefined).status).toBe(403);
    expect(answerPreflight(config, 'https://a.example.com', undefined, undefined).status).toBe(403);
  });
});

describe('actualRequestCorsHeaders and ResponseVary', () => {
  it('adds Allow-Origin, Expose-Headers, Max-Age for a matching Origin and nothing otherwise', () => {
    const h = actualRequestCorsHeaders(config, 'https://app.example.com', 'GET');
    expect(h['access-control-allow-origin']).toBe('https://app.example.com');
    expect(h['access-control-expose-headers']).toBe('ETag, x-oss-request-id');
    expect(h['access-control-max-age']).toBe('100');
    expect(actualRequestCorsHeaders(config, 'https://other.org', 'PUT')).toEqual({});
    expect(actualRequestCorsHeaders(config, undefined, 'GET')).toEqual({});
  });

  it('sends Vary: Origin on every answer with ResponseVary=true and never with false', () => {
    const vary = { ...config, responseVary: true };
    expect(actualRequestCorsHeaders(vary, undefined, 'GET')).toEqual({ vary: 'Origin' });
    expect(actualRequestCorsHeaders(vary, 'https://app.example.com', 'GET').vary).toBe('Origin');
    expect(actualRequestCorsHeaders(config, 'https://app.example.com', 'GET').vary).toBeUndefined();
  });
});

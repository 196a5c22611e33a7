import { describe, expect, it } from 'vitest';
import type { RoutingRule, RoutingRuleRedirect } from '../../../shared/oss/models/website.ts';
import { externalRedirect, mirrorOrigins, originUrlFor, mirrorUrls } from '../../../shared/mirror/index.ts';

// Expected URLs are the documents' own examples:
// - MirrorURL field doc: key myobject + http://example.com/ → http://example.com/myobject; + http://example.com/dir1/ → .../dir1/myobject
// - console guide example 1: prefix examplefolder/, replace prefix with destfolder/, origin https://example.com
// - console guide example 2: A/example/ → https://example.com example/, B/example/ → https://example.org example/
// - ReplaceKeyWith field doc: prefix/${key}.suffix and key test → http://example.com/prefix/test.suffix
// - ReplaceKeyPrefixWith field doc: abc/test.txt, KeyPrefixEquals abc/, ReplaceKeyPrefixWith def/ → http://example.com/def/test.txt
// - HostName/Protocol field doc: key test, https, example.com → https://example.com/test
// - PassQueryString field doc: ?a=b&c=d is added to the Location (External) and to the back-to-origin request (Mirror);
//   MirrorPassQueryString "plays the same role ... higher priority than PassQueryString".

const rule = (condition: RoutingRule['condition'], redirect: RoutingRuleRedirect): RoutingRule => ({ ruleNumber: 1, condition, redirect });

describe('originUrlFor (documents: MirrorURL + key, prefix replacement, ReplaceKeyWith, query)', () => {
  const table: Array<[string, RoutingRule, string, string | undefined, string]> = [
    ['MirrorURL root', rule({ httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'http://example.com/' }), 'myobject', undefined, 'http://example.com/myobject'],
    ['MirrorURL with a directory', rule({ httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'http://example.com/dir1/' }), 'myobject', undefined, 'http://example.com/dir1/myobject'],
    ['console example 1: examplefolder/ → destfolder/',
      rule({ keyPrefixEquals: 'examplefolder/', httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'https://example.com/', enableReplacePrefix: true, replaceKeyPrefixWith: 'destfolder/' }),
      'examplefolder/a.txt', undefined, 'https://example.com/destfolder/a.txt'],
    ['console example 2 rule 1: A/example/ → example/ on example.com',
      rule({ keyPrefixEquals: 'A/example/', httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'https://example.com/', enableReplacePrefix: true, replaceKeyPrefixWith: 'example/' }),
      'A/example/x.png', undefined, 'https://example.com/example/x.png'],
    ['console example 2 rule 2: B/example/ → example/ on example.org',
      rule({ keyPrefixEquals: 'B/example/', httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'https://example.org/', enableReplacePrefix: true, replaceKeyPrefixWith: 'example/' }),
      'B/example/x.png', undefined, 'https://example.org/example/x.png'],
    ['EnableReplacePrefix with empty ReplaceKeyPrefixWith truncates the prefix',
      rule({ keyPrefixEquals: 'abc/', httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'http://example.com/', enableReplacePrefix: true }),
      'abc/test.txt', undefined, 'http://example.com/test.txt'],
    ['ReplaceKeyWith with ${key}',
      rule({ httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'http://example.com/', replaceKeyWith: 'prefix/${key}.suffix' }),
      'test', undefined, 'http://example.com/prefix/test.suffix'],
    ['PassQueryString passes ?a=b&c=d',
      rule({ httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'http://example.com/', passQueryString: true }),
      'k', 'a=b&c=d', 'http://example.com/k?a=b&c=d'],
    ['no PassQueryString (default false) drops the query',
      rule({ httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'http://example.com/' }),
      'k', 'a=b&c=d', 'http://example.com/k'],
    ['MirrorPassQueryString=false wins over PassQueryString=true',
      rule({ httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'http://example.com/', passQueryString: true, mirrorPassQueryString: false }),
      'k', 'a=b', 'http://example.com/k'],
    ['MirrorPassQueryString=true alone passes the query',
      rule({ httpErrorCodeReturnedEquals: 404 }, { redirectType: 'Mirror', mirrorURL: 'http://example.com/', mirrorPassQueryString: true }),
      'k', 'a=b', 'http://example.com/k?a=b'],
  ];
  for (const [name, r, key, query, expected] of table) {
    it(`builds ${expected} for ${name}`, () => {
      expect(originUrlFor(r.redirect.mirrorURL as string, r, key, query)).toBe(expected);
    });
  }

  it('percent-encodes key characters that are not allowed in a URL path, keeping "/"', () => {
    const r = rule({}, { redirectType: 'Mirror', mirrorURL: 'http://example.com/' });
    expect(originUrlFor('http://example.com/', r, 'dir/a b#c?.txt', undefined)).toBe('http://example.com/dir/a%20b%23c%3F.txt');
    expect(originUrlFor('http://example.com/', r, '中文.txt', undefined)).toBe('http://example.com/%E4%B8%AD%E6%96%87.txt');
  });

  it('(assumption M4) never passes the authentication parameters of a presigned URL', () => {
    const r = rule({}, { redirectType: 'Mirror', mirrorURL: 'http://example.com/', mirrorPassQueryString: true });
    const v1 = 'OSSAccessKeyId=ak&Expires=1700000000&Signature=abc%3D&a=b';
    expect(originUrlFor('http://example.com/', r, 'k', v1)).toBe('http://example.com/k?a=b');
    const v4 = 'x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=c&x-oss-date=d&x-oss-expires=60&x-oss-signature=s&c=d';
    expect(originUrlFor('http://example.com/', r, 'k', v4)).toBe('http://example.com/k?c=d');
  });

  it('keeps doubled slashes only with MirrorPassOriginalSlashes', () => {
    const base = { redirectType: 'Mirror', mirrorURL: 'http://example.com/' } as const;
    expect(originUrlFor('http://example.com/', rule({}, { ...base }), 'a//b', undefined)).toBe('http://example.com/a/b');
    expect(originUrlFor('http://example.com/', rule({}, { ...base, mirrorPassOriginalSlashes: true }), 'a//b', undefined)).toBe('http://example.com/a//b');
  });
});

describe('mirrorOrigins (failover order: MirrorURL, MirrorURLSlave, MirrorMultiAlternates by number)', () => {
  it('orders primary, secondary, then alternates by ascending number', () => {
    const r = rule({}, {
      redirectType: 'Mirror',
      mirrorURL: 'http://a.example.com/',
      mirrorURLSlave: 'http://b.example.com/',
      mirrorMultiAlternates: [
        { mirrorMultiAlternateNumber: 32, mirrorMultiAlternateURL: 'https://alt32.example.com' },
        { mirrorMultiAlternateNumber: 5, mirrorMultiAlternateURL: 'https://alt5.example.com' },
      ],
    });
    expect(mirrorOrigins(r.redirect).map((o) => [o.role, o.baseUrl])).toEqual([
      ['primary', 'http://a.example.com/'],
      ['secondary', 'http://b.example.com/'],
      ['alternate', 'https://alt5.example.com'],
      ['alternate', 'https://alt32.example.com'],
    ]);
    expect(mirrorUrls(r, 'k').map((o) => o.url)).toEqual([
      'http://a.example.com/k', 'http://b.example.com/k', 'https://alt5.example.com/k', 'https://alt32.example.com/k',
    ]);
  });
});

describe('externalRedirect (documents: Protocol, HostName, HttpRedirectCode, ReplaceKey*, PassQueryString)', () => {
  const req = { host: 'bucket.oss-cn-hangzhou.aliyuncs.com', protocol: 'http' };
  const table: Array<[string, RoutingRule, string, string | undefined, number, string]> = [
    ['Protocol https + HostName example.com', rule({}, { redirectType: 'External', protocol: 'https', hostName: 'example.com', httpRedirectCode: 301 }), 'test', undefined, 301, 'https://example.com/test'],
    ['ReplaceKeyPrefixWith abc/ → def/', rule({ keyPrefixEquals: 'abc/' }, { redirectType: 'External', protocol: 'http', hostName: 'example.com', replaceKeyPrefixWith: 'def/', httpRedirectCode: 302 }), 'abc/test.txt', undefined, 302, 'http://example.com/def/test.txt'],
    ['ReplaceKeyWith prefix/${key}.suffix', rule({}, { redirectType: 'External', protocol: 'http', hostName: 'example.com', replaceKeyWith: 'prefix/${key}.suffix', httpRedirectCode: 307 }), 'test', undefined, 307, 'http://example.com/prefix/test.suffix'],
    ['PassQueryString adds ?a=b&c=d', rule({}, { redirectType: 'External', protocol: 'http', hostName: 'example.com', passQueryString: true, httpRedirectCode: 302 }), 'k', 'a=b&c=d', 302, 'http://example.com/k?a=b&c=d'],
    ['without PassQueryString the query is dropped', rule({}, { redirectType: 'External', protocol: 'http', hostName: 'example.com', httpRedirectCode: 302 }), 'k', 'a=b', 302, 'http://example.com/k'],
  ];
  for (const [name, r, key, query, status, location] of table) {
    it(`answers ${status} ${location} for ${name}`, () => {
      const q = query === undefined ? {} : { rawQuery: query };
      expect(externalRedirect(r, { ...req, key, ...q })).toEqual({ status, location });
    });
  }
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_REFERER_CONFIGURATION } from '../../../../shared/oss/models/referer.ts';
import { corsFromXml, corsToXml } from '../../../../shared/oss/xml/cors.ts';
import { refererFromXml, refererToXml } from '../../../../shared/oss/xml/referer.ts';
import { conformanceFile } from './fixtures.ts';
import { FULL_CORS, FULL_REFERER } from './full-models.ts';

const WHITELIST = ['http://www.aliyun.com', 'https://www.aliyun.com', 'http://www.*.com', 'https://www.?.aliyuncs.com'];

describe('CORS codec', () => {
  it('does read repeated origins, methods, expose headers, max age and ResponseVary', () => {
    expect(corsFromXml(conformanceFile('GetBucketCors.response-vary.response.xml'))).toEqual({
      rules: [
        { allowedOrigin: ['*'], allowedMethod: ['PUT', 'GET'], allowedHeader: ['Authorization'] },
        {
          allowedOrigin: ['http://example.com', 'http://example.net'],
          allowedMethod: ['GET'],
          allowedHeader: ['Authorization'],
          exposeHeader: ['x-oss-test', 'x-oss-test1'],
          maxAgeSeconds: 100,
        },
      ],
      responseVary: false,
    });
  });

  it('does write byte for byte what the Go SDK wrote', () => {
    const xml = conformanceFile('PutBucketCors.request.xml');
    expect(corsToXml(corsFromXml(xml))).toBe(xml);
  });

  it('does give back every field when a full model goes to XML and back', () => {
    expect(corsFromXml(corsToXml(FULL_CORS))).toEqual(FULL_CORS);
  });

  it('does read a configuration without rules as an empty rule list', () => {
    expect(corsFromXml('<CORSConfiguration><ResponseVary>true</ResponseVary></CORSConfiguration>')).toEqual({
      rules: [],
      responseVary: true,
    });
  });
});

describe('Referer codec', () => {
  it('does read AllowEmptyReferer alone with an empty whitelist', () => {
    expect(refererFromXml(conformanceFile('GetBucketReferer.allow-empty.response.xml'))).toEqual({
      allowEmptyReferer: true,
      refererList: [],
    });
  });

  it('does read truncation flags and a wildcard whitelist without a blacklist', () => {
    expect(refererFromXml(conformanceFile('GetBucketReferer.truncate.response.xml'))).toEqual({
      allowEmptyReferer: false,
      allowTruncateQueryString: true,
      truncatePath: true,
      refererList: WHITELIST,
    });
  });

  it('does read the blacklist', () => {
    expect(refererFromXml(conformanceFile('GetBucketReferer.blacklist.response.xml'))).toEqual({
      allowEmptyReferer: false,
      allowTruncateQueryString: true,
      truncatePath: true,
      refererList: WHITELIST,
      refererBlacklist: ['http://www.refuse.com', 'https://*.hack.com', 'http://ban.*.com', 'https://www.?.deny.com'],
    });
  });

  it.each(['PutBucketReferer.blacklist.request.xml', 'PutBucketReferer.truncate.request.xml', 'PutBucketReferer.empty-referer.request.xml'])(
    'does write byte for byte what the Go SDK wrote for %s',
    (file) => {
      const xml = conformanceFile(file);
      expect(refererToXml(refererFromXml(xml))).toBe(xml);
    },
  );

  it('does keep an empty <Referer></Referer> as one empty entry', () => {
    expect(refererFromXml(conformanceFile('PutBucketReferer.empty-referer.request.xml')).refererList).toEqual(['']);
  });

  it('does give back every field when a full model goes to XML and back', () => {
    expect(refererFromXml(refererToXml(FULL_REFERER))).toEqual(FULL_REFERER);
  });

  it('does write the required empty RefererList for the OSS default configuration', () => {
    const xml = refererToXml(DEFAULT_REFERER_CONFIGURATION);
    expect(xml).toBe(
      '<RefererConfiguration><AllowEmptyReferer>true</AllowEmptyReferer><AllowTruncateQueryString>true</AllowTruncateQueryString><RefererList></RefererList></RefererConfiguration>',
    );
    expect(refererFromXml(xml)).toEqual(DEFAULT_REFERER_CONFIGURATION);
  });

  it('does keep a present but empty blacklist apart from an absent one', () => {
    const model = { allowEmptyReferer: true, refererList: [], refererBlacklist: [] };
    expect(refererFromXml(refererToXml(model))).toEqual(model);
  });
});

import { describe, expect, it } from 'vitest';
import { websiteFromXml, websiteToXml } from '../../../../shared/oss/xml/website.ts';
import { conformanceFile, sharedFile } from './fixtures.ts';
import { FULL_WEBSITE } from './full-models.ts';

describe('websiteFromXml on the conformance bodies', () => {
  it('does read index and error documents when the body has a declaration and tabs', () => {
    expect(websiteFromXml(conformanceFile('GetBucketWebsite.simple.response.xml'))).toEqual({
      indexDocument: { suffix: 'index.html' },
      errorDocument: { key: 'error.html', httpStatus: 404 },
    });
  });

  it('does read an empty configuration as an empty model', () => {
    expect(websiteFromXml(conformanceFile('GetBucketWebsite.empty.response.xml'))).toEqual({});
  });

  it('does read three rules in any element order, single and repeated Pass/Remove/Set', () => {
    const config = websiteFromXml(conformanceFile('GetBucketWebsite.mirror.response.xml'));
    expect(config.routingRules).toEqual([
      {
        ruleNumber: 1,
        condition: { keyPrefixEquals: 'abc/', httpErrorCodeReturnedEquals: 404 },
        redirect: {
          redirectType: 'Mirror',
          passQueryString: true,
          mirrorURL: 'http://example.com/',
          mirrorPassQueryString: true,
          mirrorFollowRedirect: true,
          mirrorCheckMd5: false,
          mirrorHeaders: {
            passAll: true,
            pass: ['myheader-key1', 'myheader-key2'],
            remove: ['myheader-key3', 'myheader-key4'],
            set: [{ key: 'myheader-key5', value: 'myheader-value5' }],
          },
        },
      },
      {
        ruleNumber: 2,
        condition: {
          keyPrefixEquals: 'abc/',
          httpErrorCodeReturnedEquals: 404,
          includeHeaders: [{ key: 'host', equals: 'test.oss-cn-beijing-internal.aliyuncs.com' }],
        },
        redirect: {
          redirectType: 'AliCDN',
          protocol: 'http',
          hostName: 'example.com',
          passQueryString: false,
          replaceKeyWith: 'prefix/${key}.suffix',
          httpRedirectCode: 301,
        },
      },
      {
        ruleNumber: 3,
        condition: { httpErrorCodeReturnedEquals: 404 },
        redirect: {
          replaceKeyWith: 'prefix/${key}',
          httpRedirectCode: 302,
          enableReplacePrefix: false,
          passQueryString: false,
          protocol: 'http',
          hostName: 'example.com',
          redirectType: 'External',
        },
      },
    ]);
  });

  it('does give every mirror field of the pretty-printed rich sample', () => {
    const [rule1, rule2] = websiteFromXml(conformanceFile('GetBucketWebsite.mirror-rich.response.xml')).routingRules!;
    expect(rule1).toEqual({
      ruleNumber: 1,
      condition: {
        keyPrefixEquals: 'abc/',
        httpErrorCodeReturnedEquals: 404,
        keySuffixEquals: 'abc/',
        includeHeaders: [
          { key: 'key1', equals: 'value1' },
          { key: 'key2', equals: 'value2' },
        ],
      },
      redirect: {
        redirectType: 'Mirror',
        passQueryString: true,
        mirrorURL: 'http://example.com/',
        mirrorPassQueryString: true,
        mirrorFollowRedirect: true,
        mirrorCheckMd5: false,
        mirrorPassOriginalSlashes: false,
        mirrorAllowVideoSnapshot: true,
        mirrorAsyncStatus: 1,
        mirrorSNI: false,
        protocol: 'http',
        replaceKeyPrefixWith: 'abc/',
        httpRedirectCode: 203,
        replaceKeyWith: 'aab/',
        hostName: 'example.com',
        enableReplacePrefix: true,
        mirrorDstRegion: 'region',
        mirrorDstVpcId: 'vpc-id',
        mirrorTunnelId: 'tunnel-id',
        mirrorRole: 'role',
        mirrorUsingRole: true,
        mirrorReturnHeaders: [{ key: 'key1', value: 'value1' }],
        mirrorProxyPass: true,
        mirrorIsExpressTunnel: true,
        mirrorDstSlaveVpcId: 'slave-vpc-id',
        mirrorAllowHeadObject: true,
        transparentMirrorResponseCodes: '404,500',
        mirrorSaveOssMeta: true,
        mirrorAllowGetImageInfo: true,
        mirrorURLProbe: 'http://probe.com/',
        mirrorURLSlave: 'http://slave.com/',
        mirrorUserLastModified: true,
        mirrorSwitchAllErrors: true,
        mirrorTaggings: [{ key: 'key1', value: 'value1' }],
        mirrorAuth: {
          accessKeyId: 'test-access-key-id',
          accessKeySecret: 'test-access-key-secret',
          authType: 'type',
          region: 'region',
        },
        mirrorMultiAlternates: [
          {
            mirrorMultiAlternateNumber: 1,
            mirrorMultiAlternateURL: 'http://multi1.com/',
            mirrorMultiAlternateVpcId: 'multi-vpc-id-1',
            mirrorMultiAlternateDstRegion: 'multi-region-1',
          },
        ],
        mirrorHeaders: {
          passAll: true,
          pass: ['myheader-key1', 'myheader-key2'],
          remove: ['myheader-key3', 'myheader-key4'],
          set: [
            { key: 'myheader-key5', value: 'myheader-value' },
            { key: 'myheader-key6', value: 'myheader-valu2' },
          ],
        },
      },
      luaConfig: { script: 'test.lua' },
    });
    expect(rule2!.condition.includeHeaders).toEqual([
      { key: 'key21', equals: 'value21' },
      { key: 'key22', equals: 'value22U' },
    ]);
    expect(rule2!.redirect).toMatchObject({
      redirectType: 'AliCDN',
      httpRedirectCode: 2970,
      mirrorAsyncStatus: 2,
      mirrorUsingRole: false,
      mirrorTaggings: [{ key: 'key2', value: 'value2' }],
      mirrorMultiAlternates: [{ mirrorMultiAlternateNumber: 2, mirrorMultiAlternateURL: 'http://multi2.com/' }],
      mirrorAuth: { accessKeySecret: 'test-access-key-secret-2', authType: 'type2' },
    });
    expect(rule2!.luaConfig).toEqual({ script: 'script2.lua' });
  });

  it('does read the compact sample with Redirect first and Taggings Value before Key', () => {
    const config = websiteFromXml(conformanceFile('GetBucketWebsite.mirror-rich.compact.response.xml'));
    expect(config.indexDocument).toEqual({ suffix: 'index.html', supportSubDir: true, type: 0 });
    const redirect = config.routingRules![0]!.redirect;
    expect(redirect.mirrorTaggings).toEqual([{ key: 'k', value: 'v' }]);
    expect(redirect.mirrorReturnHeaders).toEqual([{ key: 'k', value: 'v' }]);
    expect(redirect.mirrorAuth).toEqual({ authType: 'S3V4', region: 'ap-southeast-1', accessKeyId: 'TESTAK', accessKeySecret: 'TESTSK' });
    expect(redirect.mirrorHeaders).toEqual({
      pass: ['myheader-key1', 'myheader-key2'],
      set: [{ key: 'myheader-key5', value: 'myheader-value5' }],
      passAll: true,
    });
    expect(redirect.transparentMirrorResponseCodes).toBe('400');
    expect(config.routingRules![0]!.condition.keySuffixEquals).toBe('.txt');
    expect(config.routingRules![1]!.redirect.replaceKeyWith).toBe('abc');
  });
});

describe('websiteToXml', () => {
  it.each(['PutBucketWebsite.index-error.request.xml', 'PutBucketWebsite.routing-rules.request.xml', 'PutBucketWebsite.mirror-rich.request.xml'])(
    'does write byte for byte what the Go SDK wrote for %s',
    (file) => {
      const xml = conformanceFile(file);
      expect(websiteToXml(websiteFromXml(xml))).toBe(xml);
    },
  );

  it('does give back every field when a full model goes to XML and back', () => {
    const xml = websiteToXml(FULL_WEBSITE);
    expect(websiteFromXml(xml)).toEqual(FULL_WEBSITE);
    expect(xml).toContain('<Key>errors/404 &amp; &lt;gone&gt;.html</Key>');
    expect(xml).not.toContain('undefined');
  });

  it('does give back the same model when XML goes to a model, to XML and back', () => {
    for (const file of ['GetBucketWebsite.mirror-rich.response.xml', 'GetBucketWebsite.mirror-rich.compact.response.xml', 'GetBucketWebsite.mirror.response.xml']) {
      const model = websiteFromXml(conformanceFile(file));
      expect(websiteFromXml(websiteToXml(model))).toEqual(model);
    }
  });

  it('does cover every element of spec section 3.1 with the full model', () => {
    const spec = sharedFile('spec/oss-api.md');
    const block = spec.slice(spec.indexOf('### 3.1'), spec.indexOf('### 3.2'));
    const elements = new Set([...block.matchAll(/<([A-Z][A-Za-z0-9]*)[\s/>]/g)].map((m) => m[1]!));
    const keys = new Set<string>();
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (keys.add(k), collect(x));
    };
    collect(FULL_WEBSITE);
    // List items and the root have no key of their own; IncludeHeader is flattened to includeHeaders.
    const itemNames = new Set(['WebsiteConfiguration', 'RoutingRule', 'MirrorMultiAlternate', 'Taggings', 'ReturnHeader']);
    const uncovered = [...elements].filter((name) => {
      if (itemNames.has(name)) return false;
      const key = name === 'IncludeHeader' ? 'includeHeaders' : name[0]!.toLowerCase() + name.slice(1);
      return !keys.has(key);
    });
    expect(elements.size).toBeGreaterThan(50);
    expect(uncovered).toEqual([]);
  });
});

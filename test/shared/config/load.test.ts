import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listMirrorRules, loadConfig, loadConfigOrThrow, loadConfigValue } from '../../../shared/config/index.ts';

const FILE = `version: 1
defaults: {region: cn-hangzhou, endpoint: "http://127.0.0.1:9000"}
buckets:
  site-a:
    website:
      routingRules:
        - ruleNumber: 9
          condition: {keyPrefixEquals: late/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://late.example.com/"}
          sampleKeys: [late/a.txt]
        - ruleNumber: 2
          condition: {keyPrefixEquals: old/}
          redirect: {redirectType: External, hostName: new.example.com}
        - ruleNumber: 1
          condition: {keyPrefixEquals: early/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://early.example.com/"}
          force: true
  site-b:
    region: cn-beijing
    website: null
`;

describe('loading', () => {
  it('lists Mirror rules in priority order with their file paths and ossedge fields', async () => {
    const rules = listMirrorRules((await loadConfigOrThrow(FILE)).config);
    expect(rules.map((r) => [r.bucket, r.region, r.path, r.rule.ruleNumber, r.sampleKeys, r.force])).toEqual([
      ['site-a', 'cn-hangzhou', 'buckets.site-a.website.routingRules[2]', 1, [], true],
      ['site-a', 'cn-hangzhou', 'buckets.site-a.website.routingRules[0]', 9, ['late/a.txt'], false],
    ]);
  });

  it('loads an already parsed value the same way as text', async () => {
    const loaded = loadConfigValue(parse(FILE));
    expect(loaded.ok && loaded.config).toEqual((await loadConfigOrThrow(FILE)).config);
  });

  it('refuses an over-large parsed value and reports bad values without positions', () => {
    const big = loadConfigValue({ version: 1, buckets: {}, pad: 'x'.repeat(1024 * 1024) });
    expect(!big.ok && big.issues[0]!.code).toBe('CONFIG_TOO_LARGE');
    const bad = loadConfigValue({ version: 1, buckets: { assets: { cors: { rules: [] } } } });
    expect(!bad.ok && bad.issues.map((i) => [i.path, i.line])).toEqual([['buckets.assets.cors.rules', undefined]]);
  });

  it('checks the default endpoint', async () => {
    const bad = async (endpoint: string) => {
      const r = await loadConfig(`version: 1\ndefaults: {endpoint: "${endpoint}"}\nbuckets: {}\n`);
      return r.ok ? undefined : r.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(await bad('oss-cn-hangzhou.aliyuncs.com')).toBeUndefined();
    expect(await bad('http://127.0.0.1:9000')).toBeUndefined();
    expect(await bad('ftp://x.example.com')).toEqual(['defaults.endpoint: must be a host name or an http:// or https:// URL without credentials or path']);
    expect(await bad('https://u:p@x.example.com')).toHaveLength(1);
    expect(await bad('oss cn')).toEqual(['defaults.endpoint: must be a host name or an http:// or https:// URL']);
  });
});

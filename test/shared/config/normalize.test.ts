import { describe, expect, it } from 'vitest';
import { loadConfigOrThrow } from '../../../shared/config/index.ts';

const load = async (text: string) => (await loadConfigOrThrow(text)).config;

describe('normalizeConfig', () => {
  it('numbers rules 1..n by position when ruleNumber is omitted', async () => {
    const c = await load(`version: 1
buckets:
  assets:
    website:
      routingRules:
        - {condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/"}}
        - {condition: {keyPrefixEquals: b/}, redirect: {redirectType: External, hostName: b.example.com}}
`);
    expect(c.buckets[0]!.website!.config.routingRules!.map((r) => r.ruleNumber)).toEqual([1, 2]);
  });

  it('orders rules by explicit ruleNumber and keeps their metadata aligned', async () => {
    const c = await load(`version: 1
buckets:
  assets:
    website:
      routingRules:
        - {ruleNumber: 7, condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/"}, sampleKeys: [a/1]}
        - {ruleNumber: 3, condition: {keyPrefixEquals: b/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://b.example.com/"}, force: true}
`);
    const w = c.buckets[0]!.website!;
    expect(w.config.routingRules!.map((r) => [r.ruleNumber, r.condition.keyPrefixEquals])).toEqual([
      [3, 'b/'],
      [7, 'a/'],
    ]);
    expect(w.ruleMeta).toEqual([
      { fileIndex: 1, sampleKeys: [], force: true },
      { fileIndex: 0, sampleKeys: ['a/1'], force: false },
    ]);
  });

  it('fills the OSS defaults it documents and keeps explicit values', async () => {
    const c = await load(`version: 1
buckets:
  assets:
    website:
      indexDocument: {suffix: index.html, supportSubDir: true}
      errorDocument: {key: error.html}
      routingRules:
        - {condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/", mirrorFollowRedirect: false}}
    cors:
      rules: [{allowedOrigin: ["*"], allowedMethod: [GET]}]
    referer:
      refererBlacklist: [https://bad.example.com]
`);
    const b = c.buckets[0]!;
    expect(b.website!.config.indexDocument).toEqual({ suffix: 'index.html', supportSubDir: true, type: 0 });
    expect(b.website!.config.errorDocument).toEqual({ key: 'error.html', httpStatus: 404 });
    expect(b.website!.config.routingRules![0]!.redirect).toEqual({
      redirectType: 'Mirror',
      mirrorURL: 'https://a.example.com/',
      mirrorFollowRedirect: false,
      mirrorCheckMd5: false,
    });
    expect(b.cors!.config.responseVary).toBe(false);
    expect(b.referer).toEqual({
      allowEmptyReferer: true,
      allowTruncateQueryString: true,
      refererList: [],
      refererBlacklist: ['https://bad.example.com'],
    });
  });

  it('keeps ossedge fields out of what is sent to OSS', async () => {
    const c = await load(`version: 1
buckets:
  assets:
    website:
      mode: merge
      routingRules:
        - {condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/"}, sampleKeys: [a/x.png], force: true}
    cors:
      mode: merge
      rules: [{allowedOrigin: ["*"], allowedMethod: [GET]}]
`);
    const b = c.buckets[0]!;
    expect(b.website!.mode).toBe('merge');
    expect(b.cors!.mode).toBe('merge');
    expect(JSON.stringify(b.website!.config)).not.toMatch(/sampleKeys|force|mode/);
    expect(JSON.stringify(b.cors!.config)).not.toMatch(/mode/);
    expect(b.website!.ruleMeta).toEqual([{ fileIndex: 0, sampleKeys: ['a/x.png'], force: true }]);
  });

  it('tells absent sections (not managed) from null ones (must not exist)', async () => {
    const c = await load('version: 1\ndefaults: {region: cn-hangzhou}\nbuckets:\n  assets: {website: null, referer: null}\n  other-bucket: {region: cn-beijing}\n');
    expect(c.defaults).toEqual({ region: 'cn-hangzhou' });
    const [a, o] = c.buckets;
    expect(a).toEqual({ name: 'assets', website: null, referer: null });
    expect('cors' in a!).toBe(false);
    expect(o).toEqual({ name: 'other-bucket', region: 'cn-beijing' });
  });

  it('keeps secret references unresolved', async () => {
    const c = await load(`version: 1
buckets:
  assets:
    website:
      routingRules:
        - condition: {httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/", mirrorAuth: {accessKeyId: AK, accessKeySecret: "\${env:OSSEDGE_SECRET_ORIGIN}"}}
`);
    expect(c.buckets[0]!.website!.config.routingRules![0]!.redirect.mirrorAuth!.accessKeySecret).toBe('${env:OSSEDGE_SECRET_ORIGIN}');
  });
});

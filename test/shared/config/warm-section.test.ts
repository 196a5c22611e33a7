import { describe, expect, it } from 'vitest';
import { loadConfig, loadConfigOrThrow } from '../../../shared/config/index.ts';
import { diffWebsite } from '../../../shared/config/diff/index.ts';

const file = (warm: string) => `version: 1
buckets:
  assets:
    website:
      routingRules:
        - condition: {keyPrefixEquals: site/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://old.example.com/"}
${warm}
`;

describe('routing rule warm: section', () => {
  it('is kept as ossedge metadata, never in the rule sent to OSS, and never changes the diff', async () => {
    const withWarm = (await loadConfigOrThrow(file('          warm: {keys: "oss://lists/site.txt", qps: 50, window: "01:00-06:00", timeZone: Asia/Shanghai}'))).config;
    const without = (await loadConfigOrThrow(file(''))).config;
    const w = withWarm.buckets[0]!.website!;
    expect(w.ruleMeta[0]!.warm).toEqual({ keys: 'oss://lists/site.txt', qps: 50, window: '01:00-06:00', timeZone: 'Asia/Shanghai' });
    expect(JSON.stringify(w.config)).not.toContain('warm');
    expect(w.config).toEqual(without.buckets[0]!.website!.config);
    const live = without.buckets[0]!.website!.config;
    expect(diffWebsite(w, live).action).toBe(diffWebsite(without.buckets[0]!.website!, live).action);
  });

  it('refuses a bad window, an unknown zone, both or neither list source, with the field path', async () => {
    const issues = async (warm: string) => {
      const r = await loadConfig(file(warm));
      return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect((await issues('          warm: {keys: "oss://lists/k.txt", window: "1:00-6:00"}')).join('\n')).toMatch(/routingRules\[0\]\.warm\.window: must be HH:MM-HH:MM/);
    expect((await issues('          warm: {keys: "oss://lists/k.txt", window: "01:00-06:00", timeZone: Mars/Base}')).join('\n')).toMatch(/warm\.timeZone: unknown time zone/);
    expect((await issues('          warm: {keys: "oss://lists/k.txt", sitemap: "https://a.example/s.xml"}')).join('\n')).toMatch(/warm: give keys or sitemap, not both/);
    expect((await issues('          warm: {qps: 10}')).join('\n')).toMatch(/warm: needs keys/);
    expect((await issues('          warm: {keys: "oss://lists/k.txt", qps: 5000}')).join('\n')).toMatch(/warm\.qps/);
    expect((await issues('          warm: {keys: "oss://lists/k.txt", speed: 3}')).join('\n')).toMatch(/warm\.speed/);
  });
});

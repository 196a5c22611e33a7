import { describe, expect, it } from 'vitest';
import { ConfigError, diffCors, diffWebsite, loadConfigOrThrow, mergeCors, mergeWebsite } from '../../../shared/config/index.ts';
import type { CorsConfiguration } from '../../../shared/oss/models/cors.ts';
import type { WebsiteConfiguration } from '../../../shared/oss/models/website.ts';
import { mirror } from './models.ts';

const MERGE_FILE = `version: 1
buckets:
  assets:
    website:
      mode: merge
      routingRules:
        - condition: {keyPrefixEquals: owned/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://new-origin.example.com/"}
        - condition: {keyPrefixEquals: added/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://added.example.com/"}
    cors:
      mode: merge
      rules:
        - {allowedOrigin: ["https://b.example.com", "https://a.example.com"], allowedMethod: [GET, HEAD], maxAgeSeconds: 60}
`;

const live = (): WebsiteConfiguration => ({
  indexDocument: { suffix: 'index.html' },
  // Listed out of priority order on purpose: foreign rules keep their ruleNumber order.
  routingRules: [mirror('foreign-b/', 'https://b.example.com/', 9), mirror('owned/', 'https://old-origin.example.com/', 4), mirror('foreign-a/', 'https://a.example.com/', 2)],
});

const desired = async () => (await loadConfigOrThrow(MERGE_FILE)).config.buckets[0]!;

describe('merge mode', () => {
  it('puts owned rules first in file order, keeps foreign rules in order after, renumbers 1..n', async () => {
    const input = live();
    const before = structuredClone(input);
    const merged = mergeWebsite((await desired()).website!.config, input);
    expect(merged.routingRules!.map((r) => [r.ruleNumber, r.condition.keyPrefixEquals, r.redirect.mirrorURL])).toEqual([
      [1, 'owned/', 'https://new-origin.example.com/'],
      [2, 'added/', 'https://added.example.com/'],
      [3, 'foreign-a/', 'https://a.example.com/'],
      [4, 'foreign-b/', 'https://b.example.com/'],
    ]);
    expect(merged.indexDocument).toEqual({ suffix: 'index.html' });
    expect(input).toEqual(before);
  });

  it('identifies a rule by its whole condition, include headers as a set', () => {
    const withHeaders = (headers: Array<{ key: string; equals: string }>) => ({
      ...mirror('p/', 'https://x.example.com/', 1),
      condition: { keyPrefixEquals: 'p/', httpErrorCodeReturnedEquals: 404, includeHeaders: headers },
    });
    const mine = withHeaders([{ key: 'Host', equals: 'a' }, { key: 'x-b', equals: 'b' }]);
    const theirs = withHeaders([{ key: 'x-b', equals: 'b' }, { key: 'host', equals: 'a' }]);
    const other = withHeaders([{ key: 'host', equals: 'z' }]);
    const merged = mergeWebsite({ routingRules: [mine] }, { routingRules: [theirs, { ...other, ruleNumber: 2 }] });
    expect(merged.routingRules!.length).toBe(2);
    expect(merged.routingRules![1]!.condition.includeHeaders).toEqual([{ key: 'host', equals: 'z' }]);
  });

  it('plans the merged model and then nothing once applied, even when a foreign rule changes', async () => {
    const d = await desired();
    const plan = diffWebsite(d.website, live());
    expect(plan.action).toBe('update');
    const applied = plan.desired!;
    expect(diffWebsite(d.website, applied).action).toBe('none');
    const edited = structuredClone(applied);
    edited.routingRules![3]!.redirect.mirrorURL = 'https://someone-else.example.com/';
    expect(diffWebsite(d.website, edited).action).toBe('none');
    edited.routingRules![0]!.redirect.mirrorURL = 'https://drifted.example.com/';
    expect(diffWebsite(d.website, edited).changes.map((c) => c.path)).toEqual(['routingRules[0].redirect.mirrorURL']);
  });

  it('creates the website from owned rules alone when none exists', async () => {
    const plan = diffWebsite((await desired()).website, null);
    expect(plan.action).toBe('create');
    expect(plan.desired!.routingRules!.map((r) => r.ruleNumber)).toEqual([1, 2]);
  });

  it('refuses a merge above 20 rules with the path', async () => {
    const many: WebsiteConfiguration = { routingRules: Array.from({ length: 19 }, (_, i) => mirror(`f${i}/`, 'https://f.example.com/', i + 1)) };
    let err: unknown;
    try {
      mergeWebsite((await desired()).website!.config, many, ['buckets', 'assets', 'website']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('CONFIG_MERGE_LIMIT');
    expect((err as ConfigError).issues[0]).toMatchObject({ path: 'buckets.assets.website.routingRules' });
    expect((err as ConfigError).issues[0]!.message).toContain('gives 21; OSS allows at most 20');
  });

  it('merges CORS by origin and method sets, owned first', async () => {
    const liveCors: CorsConfiguration = {
      rules: [
        { allowedOrigin: ['*'], allowedMethod: ['GET'] },
        { allowedOrigin: ['https://a.example.com', 'https://b.example.com'], allowedMethod: ['HEAD', 'GET'], maxAgeSeconds: 5 },
        { allowedOrigin: ['https://c.example.com'], allowedMethod: ['PUT'] },
      ],
      responseVary: true,
    };
    const d = (await desired()).cors!;
    const merged = mergeCors(d.config, liveCors);
    expect(merged.rules.map((r) => [r.allowedOrigin[0], r.maxAgeSeconds])).toEqual([
      ['https://b.example.com', 60],
      ['*', undefined],
      ['https://c.example.com', undefined],
    ]);
    expect(merged.responseVary).toBe(false);
    const plan = diffCors(d, liveCors);
    expect(plan.action).toBe('update');
    expect(diffCors(d, plan.desired).action).toBe('none');
  });

  it('refuses a CORS merge above 10 rules', async () => {
    const liveCors: CorsConfiguration = { rules: Array.from({ length: 10 }, (_, i) => ({ allowedOrigin: [`https://o${i}.example.com`], allowedMethod: ['GET'] })) };
    const own = (await desired()).cors!.config;
    expect(() => mergeCors(own, liveCors)).toThrow(/at most 10/);
  });

  it('warns, without printing it, when a foreign rule carries a secret as GET returned it', async () => {
    const foreign = mirror('foreign-auth/', 'https://auth.example.com/', 1);
    foreign.redirect.mirrorAuth = { accessKeyId: 'AKID', accessKeySecret: 'Masked-Or-Real-1234' };
    const plan = diffWebsite((await desired()).website, { routingRules: [foreign] });
    expect(plan.action).toBe('update');
    expect(plan.warnings).toEqual([
      'routingRules[2] is a foreign rule with a mirrorAuth secret as GET returned it; re-sending it may overwrite the real secret',
    ]);
    expect(JSON.stringify({ changes: plan.changes, text: plan.text, warnings: plan.warnings })).not.toContain('Masked-Or-Real-1234');
  });
});

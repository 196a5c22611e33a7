import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportConfig, loadConfig, loadConfigOrThrow, planBucket } from '../../../shared/config/index.ts';
import type { ExportBucket } from '../../../shared/config/index.ts';
import { MASKED, externalRule, fullCors, fullMirrorRule, fullReferer, fullWebsite, mirror } from './models.ts';

async function exportAndPlan(buckets: ExportBucket[]) {
  const text = await exportConfig(buckets);
  const loaded = await loadConfig(text);
  if (!loaded.ok) throw new Error(`export does not validate:\n${loaded.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}\n${text}`);
  const plans = loaded.config.buckets.map((b, i) => planBucket(b, buckets[i]!));
  return { text, loaded, plans };
}

describe('exportConfig', () => {
  it('writes a file that validates and plans empty against a bucket that sets every mirror field', async () => {
    const { text, loaded, plans } = await exportAndPlan([{ name: 'assets', region: 'cn-hangzhou', website: fullWebsite(), cors: fullCors(), referer: fullReferer() }]);
    // The only remark: the model sets pass next to passAll: true, which the validator flags as redundant.
    expect(loaded.ok && loaded.warnings.map((w) => w.path)).toEqual(['buckets.assets.website.routingRules[0].redirect.mirrorHeaders.pass']);
    expect(plans[0]!.changed).toBe(false);
    for (const field of Object.keys(fullMirrorRule().redirect)) expect(text).toContain(`${field}:`);
    expect(text).not.toContain('ruleNumber');
  });

  it('turns the mirror secret into an env reference with a comment, never the value', async () => {
    const rule = fullMirrorRule();
    rule.redirect.mirrorAuth!.accessKeySecret = 'PlainSecretFromAnEmulator';
    const { text, loaded } = await exportAndPlan([{ name: 'my-assets', website: { routingRules: [rule] }, cors: null }]);
    expect(text).not.toContain('PlainSecretFromAnEmulator');
    expect(text).not.toContain(MASKED);
    expect(text).toMatch(/accessKeySecret: \$\{env:OSSEDGE_SECRET_MY_ASSETS_1\} # set OSSEDGE_SECRET_MY_ASSETS_1 to the origin's secret/);
    expect(loaded.ok && loaded.config.buckets[0]!.website!.config.routingRules![0]!.redirect.mirrorAuth!.accessKeySecret).toBe('${env:OSSEDGE_SECRET_MY_ASSETS_1}');
  });

  it('keeps rule numbers that are not 1..n', async () => {
    const website = { routingRules: [mirror('b/', 'https://b.example.com/', 10), mirror('a/', 'https://a.example.com/', 5), externalRule(7)] };
    const { text, plans } = await exportAndPlan([{ name: 'assets', website, cors: null }]);
    expect(text.match(/ruleNumber: (\d+)/g)).toEqual(['ruleNumber: 5', 'ruleNumber: 7', 'ruleNumber: 10']);
    expect(plans[0]!.website.action).toBe('none');
  });

  it('writes null for a missing website or CORS configuration, or leaves them out', async () => {
    const bucket: ExportBucket = { name: 'bare-bucket', website: null, cors: null, referer: { allowEmptyReferer: true, allowTruncateQueryString: true, refererList: [] } };
    const { text, plans } = await exportAndPlan([bucket]);
    expect(text).toContain('website: null');
    expect(text).toContain('cors: null');
    expect(plans[0]!.changed).toBe(false);
    const omitted = (await loadConfigOrThrow(await exportConfig([bucket], { absentAs: 'omit', defaults: { region: 'cn-hangzhou' } }))).config;
    expect(omitted.defaults).toEqual({ region: 'cn-hangzhou' });
    expect(omitted.buckets[0]!.website).toBeUndefined();
    expect(planBucket(omitted.buckets[0]!, bucket).website.managed).toBe(false);
  });

  it('drops empty strings and lists that GET may return', async () => {
    const rule = mirror('a/', 'https://a.example.com/', 1);
    rule.redirect.mirrorURLSlave = '';
    rule.condition.includeHeaders = [];
    rule.redirect.mirrorHeaders = { pass: [], passAll: false };
    const { text, plans } = await exportAndPlan([{ name: 'assets', website: { routingRules: [rule] }, cors: null }]);
    expect(text).not.toContain('mirrorURLSlave');
    expect(text).not.toContain('includeHeaders');
    expect(plans[0]!.website.action).toBe('none');
  });

  it('round-trips every example file: load, apply as live, export, load, plan empty', async () => {
    for (const file of readdirSync(new URL('../../../examples/', import.meta.url))) {
      const text = readFileSync(new URL(`../../../examples/${file}`, import.meta.url));
      const config = (await loadConfigOrThrow(text, { filename: file })).config;
      const live: ExportBucket[] = config.buckets.map((b) => ({
        name: b.name,
        website: b.website ? b.website.config : null,
        cors: b.cors ? b.cors.config : null,
        referer: b.referer ?? undefined,
      }));
      const again = (await loadConfigOrThrow(await exportConfig(live))).config;
      again.buckets.forEach((b, i) => expect(planBucket(b, live[i]!).changed, `${file} ${b.name}`).toBe(false));
    }
  });
});

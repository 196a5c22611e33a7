import { describe, expect, it } from 'vitest';
import { configWarningItems, MAX_WARNING_ITEMS } from '../../../shared/apply/config-warnings.ts';
import { loadConfig, type ConfigIssue } from '../../../shared/config/index.ts';
import { createReport } from '../../../shared/report/model.ts';

const issue = (path: string, extra: Partial<ConfigIssue> = {}): ConfigIssue => ({ path, segments: [], message: 'can never match', severity: 'warning', code: 'CONFIG_SHADOWED', ...extra });

describe('configWarningItems', () => {
  it('turns a validation warning into a warn item of its bucket, with its path, code and position', async () => {
    const r = await loadConfig("version: 1\nbuckets:\n  cw-a:\n    referer: {allowEmptyReferer: false, refererList: ['www.example.com']}\n", { filename: 'ossedge.yaml' });
    if (!r.ok) throw new Error('config refused');
    expect(r.warnings.length).toBeGreaterThan(0);
    const [item] = configWarningItems(r.warnings);
    expect(item).toMatchObject({ bucket: 'cw-a', target: expect.stringMatching(/^buckets\.cw-a\.referer\.refererList\[0\]/), status: 'warn', code: r.warnings[0]!.code, data: { configWarning: true, line: 4 } });
    // report builders take the items as they are (UPPER_SNAKE code)
    expect(() => createReport({ function: 'apply-config' }).add(item!)).not.toThrow();
  });

  it('gives no bucket to a path that names none or an invalid name (hostile input), and never an invalid code', () => {
    const items = configWarningItems([issue('defaults.website'), issue('buckets.../../etc.cors'), issue('buckets.ok-name.cors', { code: 'lower case' })]);
    expect(items.map((i) => i.bucket)).toEqual(['', '', 'ok-name']);
    expect(items[2]!.code).toBe('CONFIG_WARNING');
  });

  it('keeps at most MAX_WARNING_ITEMS, then says how many more there were; long texts are clipped', () => {
    const many = Array.from({ length: MAX_WARNING_ITEMS + 7 }, (_, i) => issue(`buckets.b-${i}.cors.rules[1]`, { message: 'x'.repeat(2000) }));
    const items = configWarningItems(many);
    expect(items).toHaveLength(MAX_WARNING_ITEMS + 1);
    expect(items.at(-1)).toMatchObject({ code: 'CONFIG_WARNINGS_NOT_SHOWN', status: 'warn', message: '7 more config warning(s) not listed' });
    expect(items[0]!.message.length).toBeLessThanOrEqual(501);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue, loadConfig, loadConfigOrThrow } from '../../../shared/config/index.ts';
import { BAD_CASES, CLEAR_SECRET, textOf } from './fixtures.ts';
import { SECRET_AS_DUPLICATE_KEY, secretPiecesIn } from './hostile.ts';

describe('bad configs', () => {
  it('has at least 30 cases', () => {
    expect(BAD_CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_CASES.map((c) => [c.name, c] as const))('refuses %s, naming the path', async (_name, c) => {
    const result = await loadConfig(textOf(c), c.filename === undefined ? {} : { filename: c.filename });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const errors = result.issues.filter((i) => i.severity === 'error');
    const match = errors.find((i) => i.path === c.path && i.message.includes(c.message));
    expect(match, `want ${c.path}: ${c.message}\ngot:\n${errors.map(formatIssue).join('\n')}`).toBeDefined();
    expect(match!.code).toMatch(/^CONFIG_[A-Z_]+$/);
  });

  it('gives line and column for problems in YAML text', async () => {
    const c = BAD_CASES.find((x) => x.name.startsWith('mirrorURL without the trailing slash'))!;
    const text = textOf(c);
    const result = await loadConfig(text);
    if (result.ok) throw new Error('expected failure');
    const issue = result.issues.find((i) => i.path === c.path)!;
    const line = text.split('\n')[issue.line! - 1]!;
    expect(line.slice(issue.column! - 1)).toMatch(/^https:\/\/origin\.example\.com\/d/);
  });

  it('points an unknown key at the key itself', async () => {
    const text = 'version: 1\nbuckets:\n  assets:\n    referer:\n      refererLst: []\n';
    const result = await loadConfig(text);
    if (result.ok) throw new Error('expected failure');
    expect(result.issues[0]).toMatchObject({ path: 'buckets.assets.referer.refererLst', line: 5, column: 7, code: 'CONFIG_UNKNOWN_KEY' });
    expect(result.issues[0]!.message).toContain('did you mean "refererList"?');
  });

  it('reports every problem at once, in file order', async () => {
    const text = [
      'version: 1',
      'buckets:',
      '  Bad_Name: {}',
      '  assets:',
      '    cors:',
      '      rules: [{allowedOrigin: ["*"], allowedMethod: [GETT]}]',
      '    referer: {allowEmptyReferer: "no"}',
      '',
    ].join('\n');
    const result = await loadConfig(text);
    if (result.ok) throw new Error('expected failure');
    expect(result.issues.map((i) => [i.path, i.line])).toEqual([
      ['buckets.Bad_Name', 3],
      ['buckets.assets.cors.rules[0].allowedMethod[0]', 6],
      ['buckets.assets.referer.allowEmptyReferer', 7],
    ]);
    expect(result.issues[1]!.message).toContain('did you mean "GET"?');
  });

  it('never echoes a secret written in clear, in issues or in the thrown error', async () => {
    const c = BAD_CASES.find((x) => x.name === 'secret written in clear')!;
    const result = await loadConfig(textOf(c));
    expect(JSON.stringify(result)).not.toContain(CLEAR_SECRET);
    let thrown: unknown;
    try {
      await loadConfigOrThrow(textOf(c));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const err = thrown as ConfigError;
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('accessKeySecret: must be an ${env:OSSEDGE_SECRET_<NAME>} reference');
    expect(`${err.message} ${err.stack} ${JSON.stringify(err.issues)}`).not.toContain(CLEAR_SECRET);
  });

  it('never echoes a secret written as a key where a secret belongs (a missing "accessKeySecret:")', async () => {
    const c = BAD_CASES.find((x) => x.name === 'secret written as a key of mirrorAuth')!;
    const result = await loadConfig(textOf(c));
    expect(JSON.stringify(result)).not.toContain(CLEAR_SECRET);
    const typo = await loadConfig(textOf(c).replace(CLEAR_SECRET, 'accesKeySecret'));
    expect(typo.ok ? [] : typo.issues.map((i) => i.message)).toContain('an unknown key (not shown: this mapping holds a secret); did you mean "accessKeySecret"?');
  });

  it.each(SECRET_AS_DUPLICATE_KEY)('never echoes a secret written twice as a key (%s): the duplicate points at its mapping', async (_name, filename, text) => {
    const result = await loadConfig(text, { filename });
    expect(result.ok).toBe(false);
    expect(secretPiecesIn(JSON.stringify(result).replace(/CONFIG_SECRET_IN_CLEAR|OSSEDGE_SECRET_/g, ''))).toEqual([]);
    if (result.ok) return;
    const duplicate = result.issues.find((i) => i.code === 'CONFIG_DUPLICATE_KEY')!;
    expect(duplicate.message).toBe('a duplicate key (not shown: this mapping holds a secret)');
    expect(duplicate.path).toMatch(/\.mirrorAuth(\.accessKeySecret)?$/);
    expect(duplicate.line).toBeGreaterThan(0);
  });

  it('still names a duplicate key that cannot be a secret', async () => {
    const result = await loadConfig('version: 1\nbuckets:\n  assets:\n    referer: {allowEmptyReferer: true, allowEmptyReferer: false, refererList: []}\n');
    expect(result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`)).toContain('buckets.assets.referer.allowEmptyReferer: duplicate key "allowEmptyReferer" (first defined on line 4)');
  });

  it('never echoes credentials written into an origin URL', async () => {
    const c = BAD_CASES.find((x) => x.name === 'mirrorURL with credentials')!;
    expect(JSON.stringify(await loadConfig(textOf(c)))).not.toContain('pa55word');
  });

  it('keeps warnings apart from errors and still loads', async () => {
    const text = [
      'version: 1',
      'buckets:',
      '  assets:',
      '    referer:',
      '      refererList: [www.example.com, https://a.example.com]',
      '      refererBlacklist: [https://a.example.com]',
      '',
    ].join('\n');
    const result = await loadConfig(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((w) => [w.path, w.code])).toEqual([
      ['buckets.assets.referer.refererList[0]', 'CONFIG_REFERER_SCHEME'],
      ['buckets.assets.referer.refererBlacklist[0]', 'CONFIG_CONFLICT'],
    ]);
    expect(result.warnings.every((w) => w.severity === 'warning')).toBe(true);
  });

  it('warns about a rule that an earlier rule always wins over', async () => {
    const text = [
      'version: 1',
      'buckets:',
      '  assets:',
      '    website:',
      '      routingRules:',
      '        - {ruleNumber: 2, condition: {keyPrefixEquals: img/2024/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/"}}',
      '        - {ruleNumber: 1, condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://b.example.com/"}}',
      '        - {ruleNumber: 3, condition: {keyPrefixEquals: img/, includeHeaders: [{key: host, equals: x}], httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://c.example.com/"}}',
      '        - {ruleNumber: 4, condition: {keyPrefixEquals: doc/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://d.example.com/"}}',
      '',
    ].join('\n');
    const result = await loadConfig(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((w) => [w.path, w.code, w.line])).toEqual([
      ['buckets.assets.website.routingRules[0].condition', 'CONFIG_SHADOWED', 6],
      ['buckets.assets.website.routingRules[2].condition', 'CONFIG_SHADOWED', 8],
    ]);
    expect(result.warnings[0]!.message).toBe('can never match: routingRules[1] comes first and matches every request this rule matches');
  });
});

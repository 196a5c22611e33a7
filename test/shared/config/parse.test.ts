import { describe, expect, it } from 'vitest';
import { ConfigError, MAX_CONFIG_BYTES, parseConfigText } from '../../../shared/config/index.ts';
import { SECRET_AS_YAML_ALIAS, SECRET_IN_BAD_JSON, SECRET_IN_BAD_YAML, secretPiecesIn } from './hostile.ts';

async function parseError(text: string | Uint8Array, filename?: string): Promise<ConfigError> {
  try {
    await parseConfigText(text, filename === undefined ? {} : { filename });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfigText', () => {
  it('reads YAML and JSON to the same value', async () => {
    const yaml = await parseConfigText('version: 1\nbuckets:\n  assets: {referer: null}\n');
    const json = await parseConfigText('{"version": 1, "buckets": {"assets": {"referer": null}}}');
    expect(yaml.format).toBe('yaml');
    expect(json.format).toBe('json');
    expect(json.value).toEqual(yaml.value);
  });

  it('takes the format from the file name when given', async () => {
    expect((await parseConfigText('{"version": 1}', { filename: 'x.yaml' })).format).toBe('yaml');
    expect((await parseConfigText('{"version": 1}', { filename: 'x.JSON' })).format).toBe('json');
  });

  it('accepts bytes and a UTF-8 byte order mark', async () => {
    const bytes = new TextEncoder().encode('\uFEFFversion: 1\nbuckets: {}\n');
    expect((await parseConfigText(bytes)).value).toEqual({ version: 1, buckets: {} });
  });

  it('refuses bytes that are not UTF-8', async () => {
    expect((await parseError(new Uint8Array([0x76, 0xff, 0xfe]))).issues[0]!.message).toBe('config is not valid UTF-8 text');
  });

  it('refuses a body over 1 MiB before parsing it', async () => {
    const err = await parseError(`version: 1\n#${'x'.repeat(MAX_CONFIG_BYTES)}`);
    expect(err.code).toBe('CONFIG_TOO_LARGE');
    expect(err.issues[0]!.message).toContain('the limit is 1048576 bytes');
  });

  it('accepts a body of exactly 1 MiB', async () => {
    const head = 'version: 1\nbuckets: {}\n#';
    const text = head + 'x'.repeat(MAX_CONFIG_BYTES - head.length);
    expect(Buffer.byteLength(text)).toBe(MAX_CONFIG_BYTES);
    expect((await parseConfigText(text)).value).toEqual({ version: 1, buckets: {} });
  });

  it('counts the size in bytes, not characters', async () => {
    const text = `version: 1\n# ${'é'.repeat(MAX_CONFIG_BYTES / 2)}`;
    expect(text.length).toBeLessThan(MAX_CONFIG_BYTES);
    expect((await parseError(text)).code).toBe('CONFIG_TOO_LARGE');
  });

  it('gives line and column of malformed YAML', async () => {
    const err = await parseError('version: 1\nbuckets:\n  a: b: c\n');
    expect(err.code).toBe('CONFIG_PARSE');
    expect(err.issues[0]).toMatchObject({ line: 3, column: 6, path: '' });
    expect(err.issues[0]!.message).toMatch(/^malformed YAML: /);
    expect(err.message).toContain('(line 3, column 6)');
  });

  it('gives line and column of malformed JSON', async () => {
    const err = await parseError('{\n  "version": 1,\n  "buckets": {"a": 1,}\n}', 'c.json');
    expect(err.issues[0]).toMatchObject({ line: 3, column: 22 });
    expect(err.issues[0]!.message).toMatch(/^malformed JSON: /);
  });

  it('reads truncated JSON as malformed JSON, not as YAML', async () => {
    expect((await parseError('{"version": 1, "buckets": {')).issues[0]!.message).toMatch(/^malformed JSON/);
  });

  it('refuses more than one YAML document', async () => {
    expect((await parseError('version: 1\n---\nversion: 1\n')).issues[0]!.message).toBe('malformed YAML: the file must hold one YAML document');
  });

  it('stops alias bombs', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    expect((await parseError(lines.join('\n'))).code).toBe('CONFIG_PARSE');
  });

  it('reports duplicate keys with both lines, in YAML and in JSON', async () => {
    const yaml = await parseConfigText('version: 1\nbuckets:\n  assets:\n    referer: null\n    referer: {}\n');
    expect(yaml.issues[0]).toMatchObject({ path: 'buckets.assets.referer', line: 5, code: 'CONFIG_DUPLICATE_KEY' });
    expect(yaml.issues[0]!.message).toBe('duplicate key "referer" (first defined on line 4)');
    const json = await parseConfigText('{"version": 1,\n "buckets": {"assets": {},\n "assets": {}}}');
    expect(json.issues[0]).toMatchObject({ path: 'buckets.assets', line: 3, code: 'CONFIG_DUPLICATE_BUCKET' });
  });

  it('locates paths in JSON too', async () => {
    const parsed = await parseConfigText('{\n  "version": 1,\n  "buckets": {\n    "assets": {"cors": null}\n  }\n}');
    expect(parsed.locate(['buckets', 'assets', 'cors'])).toEqual({ line: 4, column: 24 });
    expect(parsed.locate(['buckets', 'assets', 'cors'], true)).toEqual({ line: 4, column: 16 });
    expect(parsed.locate(['buckets', 'nope'])).toBeUndefined();
  });

  it('locates list items and escaped keys in JSON', async () => {
    const parsed = await parseConfigText('{"version": 1, "buckets": {"a\\"b": {"referer": {"refererList": ["x", "y\\"z", "w"]}}}}');
    expect(parsed.locate(['buckets', 'a"b', 'referer', 'refererList', 2])).toEqual({ line: 1, column: 78 });
    expect(parsed.locate(['buckets', 'a"b'], true)).toEqual({ line: 1, column: 28 });
  });

  it('refuses JSON nested deeper than any config needs', async () => {
    const err = await parseError(`${'['.repeat(100)}${']'.repeat(100)}`, 'x.json');
    expect(err.issues[0]!.message).toBe('malformed JSON: nesting deeper than 64 levels');
  });

  it('refuses YAML nested too deeply without crashing', async () => {
    expect((await parseError(`a: ${'['.repeat(20000)}${']'.repeat(20000)}`)).issues[0]!.message).toBe('malformed YAML: [ ] and { } nested deeper than 64 levels');
    const block = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect((await parseError(`${block} 1\n`)).issues[0]!.message).toMatch(/^malformed YAML: /);
    // the same brackets behind an unclosed quote are a quoted value to the parser too
    expect((await parseError(`a: '\n${'['.repeat(200000)}\n`)).issues[0]!.message).toBe('malformed YAML: a quoted value without its closing quote');
  });

  it('does not count brackets in comments and quoted values as nesting', async () => {
    const text = `version: 1\n# ${'['.repeat(70)} banner\nbuckets:\n  assets:\n    referer: {allowEmptyReferer: false, refererList: ['https://www.example.com/${'{'.repeat(70)}']}\n`;
    expect((await parseConfigText(text)).value).toMatchObject({ buckets: { assets: { referer: { allowEmptyReferer: false } } } });
  });
});

describe('parse errors never quote the input', () => {
  /** Everything a parse error carries that could end up in output, answers or logs. */
  const shown = (err: ConfigError) => `${err.message}\n${err.stack}\n${JSON.stringify(err.issues)}\n${String((err.cause as Error | undefined)?.message)}`;

  it('gives malformed JSON with a secret in clear a position and words of its own, no snippet', async () => {
    const err = await parseError(SECRET_IN_BAD_JSON, 'ossedge.json');
    expect(secretPiecesIn(shown(err))).toEqual([]);
    expect(err.cause).toBeUndefined();
    expect(err.issues[0]).toMatchObject({ code: 'CONFIG_PARSE', file: 'ossedge.json', line: 9, column: 70, message: 'malformed JSON: expected a value (a string in double quotes, a number, true, false, null, { or [)' });
    expect(err.message).toContain('(ossedge.json, line 9, column 70)');
  });

  it('does the same for JSON found by sniffing (no file name), and wherever the text is cut or broken', async () => {
    expect(secretPiecesIn(shown(await parseError(SECRET_IN_BAD_JSON)))).toEqual([]);
    const good = SECRET_IN_BAD_JSON.replace(/: (SUPERSECRET\w+)/, ': "$1"');
    const from = good.indexOf('SUPERSECRET') - 30;
    const broken = async (text: string, what: string) => {
      const err = await parseError(text, 'c.json');
      expect(secretPiecesIn(shown(err)), what).toEqual([]);
      expect(err.issues[0]!.line, what).toBeGreaterThan(0);
    };
    for (let at = from; at <= good.lastIndexOf('}'); at++) {
      await broken(good.slice(0, at), `cut at ${at}`);
      await broken(`${good.slice(0, at)}\u0001${good.slice(at)}`, `control character at ${at}`);
    }
  });

  it('points at an unresolved alias without naming it (a secret written unquoted after "*")', async () => {
    const err = await parseError(SECRET_AS_YAML_ALIAS, 'ossedge.yaml');
    expect(secretPiecesIn(shown(err))).toEqual([]);
    expect(err.issues[0]).toMatchObject({ code: 'CONFIG_PARSE', file: 'ossedge.yaml', line: 12, column: 32 });
    expect(err.issues[0]!.message).toBe('malformed YAML: an alias (*name) without an anchor (&name) before it; quote the value if "*" is part of it');
  });

  it.each(SECRET_IN_BAD_YAML.map(([name, text]) => [name, text] as const))('never quotes YAML the library would quote (%s)', async (_name, text) => {
    let out = '';
    try {
      await parseConfigText(text);
      out = 'parsed';
    } catch (err) {
      out = shown(err as ConfigError);
    }
    expect(secretPiecesIn(out)).toEqual([]);
  });

  it('still names what is wrong in YAML in fixed words', async () => {
    expect((await parseError('version: 1\nbuckets:\n  a: "b\n')).issues[0]).toMatchObject({ message: 'malformed YAML: a quoted value without its closing quote', line: 4, column: 1 });
    expect((await parseError('version: 1\n\tbuckets: {}\n')).issues[0]!.message).toMatch(/^malformed YAML: /);
  });
});


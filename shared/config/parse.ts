import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';
import { ConfigError } from './errors.ts';
import type { ConfigIssue } from './errors.ts';
import { findJsonError } from './json-error.ts';
import { scanJson } from './json-positions.ts';
import { formatPath } from './path.ts';
import type { PathSegments } from './path.ts';

/** The file is refused above 1 MiB (DESIGN.md, Config file). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Deeper `[`/`{` nesting is refused before parsing: the YAML library recurses per level. */
const MAX_FLOW_DEPTH = 64;
/** YAML aliases may expand at most this many times (billion-laughs guard). */
const MAX_ALIAS_COUNT = 100;

export type ConfigFormat = 'yaml' | 'json';

export interface ParseOptions {
  /** Forces the format; otherwise taken from the file name's extension, then from the text. */
  format?: ConfigFormat;
  filename?: string;
}

export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedConfig {
  value: unknown;
  format: ConfigFormat;
  /** Problems found while parsing that do not stop validation (duplicate keys). */
  issues: ConfigIssue[];
  /** Where a path is in the text (its key when `preferKey`), when the YAML library can tell. */
  locate(segments: PathSegments, preferKey?: boolean): SourcePosition | undefined;
}

/**
 * Parses YAML or JSON text given to it (no I/O). Throws ConfigError CONFIG_TOO_LARGE above 1 MiB
 * and CONFIG_PARSE for malformed text, with line and column when known.
 */
export function parseConfigText(input: string | Uint8Array, options: ParseOptions = {}): ParsedConfig {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError('CONFIG_TOO_LARGE', [
      rootIssue('CONFIG_TOO_LARGE', `config is ${size} bytes; the limit is ${MAX_CONFIG_BYTES} bytes (1 MiB)`),
    ]);
  }
  const text = decode(input).replace(/^\uFEFF/, '');
  const format = options.format ?? formatFromName(options.filename) ?? sniff(text);
  if (format === 'json') return parseJson(text, options.filename);
  if (flowDepth(text) > MAX_FLOW_DEPTH) {
    throw parseError(`malformed YAML: [ ] and { } nested deeper than ${MAX_FLOW_DEPTH} levels`, options.filename);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, version: '1.2' });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = lines.linePos(first.pos[0]);
    throw parseError(`malformed YAML: ${yamlReason(first.code, first.message)}`, options.filename, pos.line, pos.col);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // the library's messages name the alias, which may be a secret written unquoted after `*`
    const alias = unresolvedAlias(doc);
    if (alias) {
      const pos = lines.linePos(alias.range?.[0] ?? 0);
      throw parseError('malformed YAML: an alias (*name) without an anchor (&name) before it; quote the value if "*" is part of it', options.filename, pos.line, pos.col);
    }
    const detail = /alias count/i.test((err as Error).message) ? `more than ${MAX_ALIAS_COUNT} alias expansions` : /call stack/i.test((err as Error).message) ? 'nested too deeply' : 'not valid YAML';
    throw parseError(`malformed YAML: ${detail}`, options.filename);
  }
  return build(value, doc, lines);
}

function parseJson(text: string, filename: string | undefined): ParsedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's message quotes the text near the error: only the position is taken, from our own scan
    const { offset, reason } = findJsonError(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    throw parseError(`malformed JSON: ${reason}`, filename, line, before.length - before.lastIndexOf('\n'));
  }
  let scanned;
  try {
    scanned = scanJson(text);
  } catch (err) {
    throw parseError(`malformed JSON: ${(err as Error).message}`, filename);
  }
  return { value, format: 'json', issues: scanned.issues, locate: (segments, preferKey = false) => scanned.locate(segments, preferKey) };
}

function build(value: unknown, doc: Document, lines: LineCounter): ParsedConfig {
  const issues: ConfigIssue[] = [];
  if (doc.contents) findDuplicates(doc.contents as YamlNode, [], lines, issues);
  return {
    value,
    format: 'yaml',
    issues,
    locate(segments, preferKey = false) {
      if (!doc.contents) return undefined;
      const offset = locateOffset(doc.contents as YamlNode, segments, preferKey);
      if (offset === undefined) return undefined;
      const p = lines.linePos(offset);
      return { line: p.line, column: p.col };
    },
  };
}

/** An upper bound of flow-collection nesting (brackets inside strings count too, harmlessly). */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new ConfigError('CONFIG_PARSE', [rootIssue('CONFIG_PARSE', 'config is not valid UTF-8 text')]);
  }
}

function formatFromName(filename: string | undefined): ConfigFormat | undefined {
  if (filename === undefined) return undefined;
  if (/\.json$/i.test(filename)) return 'json';
  if (/\.ya?ml$/i.test(filename)) return 'yaml';
  return undefined;
}

/** Text whose first non-blank character is `{` or `[` and that parses as JSON is JSON; the rest is YAML. */
function sniff(text: string): ConfigFormat {
  if (!/^\s*[[{]/.test(text)) return 'yaml';
  try {
    JSON.parse(text);
    return 'json';
  } catch {
    return /^\s*[[{]\s*"/.test(text) ? 'json' : 'yaml';
  }
}

/**
 * A parse error of our own words: the library's message is never kept, nor the error as a cause,
 * because both may quote the input (a secret written in clear).
 */
function parseError(message: string, file: string | undefined, line?: number, column?: number): ConfigError {
  const issue = rootIssue('CONFIG_PARSE', message);
  if (file !== undefined) issue.file = file;
  if (line !== undefined) Object.assign(issue, { line, column: column ?? 1 });
  return new ConfigError('CONFIG_PARSE', [issue]);
}

/** What the YAML library found, by its error code; its message only picks among fixed texts of ours. */
function yamlReason(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'the file must hold one YAML document';
  if (/call stack/i.test(message)) return 'nested too deeply';
  if (code === 'MISSING_CHAR') {
    if (message.startsWith('Missing closing')) return 'a quoted value without its closing quote';
    if (message.startsWith('Implicit map keys need to be followed by map values')) return 'a key without ":" and a value';
    if (message.startsWith('Missing , ')) return 'missing "," between items';
  }
  return YAML_REASONS[code] ?? 'not valid YAML here';
}

const YAML_REASONS: Readonly<Record<string, string>> = {
  ALIAS_PROPS: 'an alias cannot have a tag or an anchor',
  BAD_ALIAS: 'invalid alias',
  BAD_DIRECTIVE: 'invalid % directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted value',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'anchor and tag in the wrong order',
  BAD_SCALAR_START: 'a plain value cannot start with this character (quote the value)',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection cannot be a key',
  BLOCK_IN_FLOW: 'a block collection inside [ ] or { }',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  MISSING_CHAR: 'a character is missing here (a quote, ":", "," or "-")',
  MULTILINE_IMPLICIT_KEY: 'a key cannot span lines',
  MULTIPLE_ANCHORS: 'more than one anchor on a value',
  MULTIPLE_TAGS: 'more than one tag on a value',
  NON_STRING_KEY: 'keys must be plain strings',
  RESOURCE_EXHAUSTION: `more than ${MAX_ALIAS_COUNT} alias expansions`,
  TAB_AS_INDENT: 'a tab used for indentation (indent with spaces)',
  TAG_RESOLVE_FAILED: 'an unknown tag, or a value its tag does not accept',
  UNEXPECTED_TOKEN: 'unexpected text here',
  BAD_COLLECTION_TYPE: 'a collection of the wrong type for its tag',
};

/** The first alias whose anchor is not defined before it. */
function unresolvedAlias(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) !== undefined) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

function rootIssue(code: string, message: string): ConfigIssue {
  return { path: '', segments: [], message, severity: 'error', code };
}

function keyOf(node: unknown): string | undefined {
  if (isScalar(node)) return String(node.value);
  return undefined;
}

function findDuplicates(node: YamlNode, at: PathSegments, lines: LineCounter, issues: ConfigIssue[]): void {
  if (isMap(node)) {
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = keyOf(pair.key);
      if (key === undefined) continue;
      const offset = (pair.key as YamlNode).range?.[0] ?? 0;
      const segments = [...at, key];
      const firstOffset = seen.get(key);
      if (firstOffset !== undefined) {
        const first = lines.linePos(firstOffset).line;
        const here = lines.linePos(offset);
        const bucket = at.length === 1 && at[0] === 'buckets';
        issues.push({
          path: formatPath(segments),
          segments,
          message: bucket ? `duplicate bucket name "${key}" (first defined on line ${first})` : `duplicate key "${key}" (first defined on line ${first})`,
          severity: 'error',
          code: bucket ? 'CONFIG_DUPLICATE_BUCKET' : 'CONFIG_DUPLICATE_KEY',
          line: here.line,
          column: here.col,
        });
      } else {
        seen.set(key, offset);
      }
      if (pair.value) findDuplicates(pair.value as YamlNode, segments, lines, issues);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (item && !isAlias(item)) findDuplicates(item as YamlNode, [...at, i], lines, issues);
    });
  }
}

function locateOffset(root: YamlNode, segments: PathSegments, preferKey: boolean): number | undefined {
  let node: unknown = root;
  let keyOffset: number | undefined;
  for (const seg of segments) {
    keyOffset = undefined;
    if (typeof seg === 'number' && isSeq(node)) {
      node = node.items[seg];
    } else if (isMap(node)) {
      const pair = [...node.items].reverse().find((p) => isPair(p) && keyOf(p.key) === String(seg));
      if (!pair) return undefined;
      keyOffset = (pair.key as YamlNode | null)?.range?.[0];
      node = pair.value;
    } else {
      return undefined;
    }
  }
  const valueOffset = (node as YamlNode | null)?.range?.[0];
  return preferKey ? (keyOffset ?? valueOffset) : (valueOffset ?? keyOffset);
}

import { Lexer, LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';
import type { ConfigIssue } from './errors.ts';
import { formatPath } from './path.ts';
import type { PathSegments } from './path.ts';
import { parseError, type ParsedConfig } from './parse.ts';

/** Deeper `[`/`{` nesting is refused before parsing: the YAML library recurses per level. */
const MAX_FLOW_DEPTH = 64;
/** YAML aliases may expand at most this many times (billion-laughs guard). */
const MAX_ALIAS_COUNT = 100;

/**
 * The YAML half of parseConfigText, in a module of its own so that the library is loaded only for YAML
 * text (parse.ts imports it dynamically). Errors are in our own words: see parseError.
 */
export function parseYaml(text: string, filename: string | undefined): ParsedConfig {
  if (flowDepth(text) > MAX_FLOW_DEPTH) {
    throw parseError(`malformed YAML: [ ] and { } nested deeper than ${MAX_FLOW_DEPTH} levels`, filename);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, version: '1.2' });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = lines.linePos(first.pos[0]);
    throw parseError(`malformed YAML: ${yamlReason(first.code, first.message)}`, filename, pos.line, pos.col);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // the library's messages name the alias, which may be a secret written unquoted after `*`
    const alias = unresolvedAlias(doc);
    if (alias) {
      const pos = lines.linePos(alias.range?.[0] ?? 0);
      throw parseError('malformed YAML: an alias (*name) without an anchor (&name) before it; quote the value if "*" is part of it', filename, pos.line, pos.col);
    }
    const detail = /alias count/i.test((err as Error).message) ? `more than ${MAX_ALIAS_COUNT} alias expansions` : /call stack/i.test((err as Error).message) ? 'nested too deeply' : 'not valid YAML';
    throw parseError(`malformed YAML: ${detail}`, filename);
  }
  return build(value, doc, lines);
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

/**
 * Flow-collection nesting, from the YAML library's own lexer (a loop, no recursion): brackets in comments
 * and quoted values do not count (a `# [[[[…` banner was refused as nesting), and what the lexer reads as
 * a quoted value or a comment the parser does too.
 */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') max = Math.max(max, ++depth);
    else if ((token === ']' || token === '}') && depth > 0) depth--;
  }
  return max;
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

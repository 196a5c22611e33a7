import { didYouMean } from '../did-you-mean.ts';
import type { PathSegments } from '../path.ts';
import { ENV_REF_PATTERN, SECRET_ENV_PREFIX, SECRET_REF_PATTERN } from '../shape/types.ts';
import type { IntegerShape, ListShape, MapShape, ObjectShape, Shape, StringShape } from '../shape/types.ts';
import { isObj, typeName, utf8Length } from './collector.ts';
import { holdsSecret } from './secret-keys.ts';
import type { IssueCollector } from './collector.ts';

const ENV_REF = new RegExp(ENV_REF_PATTERN);
const SECRET_REF = new RegExp(SECRET_REF_PATTERN);
const regexCache = new Map<string, RegExp>();
const regex = (source: string): RegExp => {
  let r = regexCache.get(source);
  if (!r) regexCache.set(source, (r = new RegExp(source, 'u')));
  return r;
};

/**
 * The structural half of validation, driven by the same Shape that produces the JSON Schema:
 * types, required and unknown keys (with a did-you-mean), empty strings, enums, patterns and
 * list limits. Reports every problem; never throws.
 */
export function checkShape(value: unknown, shape: Shape, at: PathSegments, out: IssueCollector): void {
  switch (shape.kind) {
    case 'nullable':
      if (value !== null) checkShape(value, shape.of, at, out);
      return;
    case 'string':
      return checkString(value, shape, at, out);
    case 'secret':
      return checkSecret(value, at, out);
    case 'boolean':
      if (typeof value !== 'boolean') {
        const hint = value === 'true' || value === 'false' ? ` (write ${value} without quotes)` : '';
        out.error(at, 'CONFIG_TYPE', `must be true or false, got ${typeName(value)}${hint}`);
      }
      return;
    case 'integer':
      return checkInteger(value, shape, at, out);
    case 'list':
      return checkList(value, shape, at, out);
    case 'object':
      return checkObject(value, shape, at, out);
    case 'map':
      return checkMap(value, shape, at, out);
  }
}

function checkString(value: unknown, shape: StringShape, at: PathSegments, out: IssueCollector): void {
  if (typeof value !== 'string') {
    out.error(at, 'CONFIG_TYPE', `must be a string, got ${typeName(value)}`);
    return;
  }
  if (value === '' && !shape.allowEmpty) {
    out.error(at, 'CONFIG_EMPTY', 'must not be empty');
    return;
  }
  if (ENV_REF.test(value)) {
    out.error(at, 'CONFIG_SECRET_REF', 'an ${env:...} reference is accepted only in secret fields (mirrorAuth.accessKeySecret)');
    return;
  }
  if (shape.enum && !shape.enum.includes(value)) {
    const guess = didYouMean(value, shape.enum);
    const hint = guess !== undefined ? ` (did you mean "${guess}"?)` : '';
    out.error(at, 'CONFIG_ENUM', `must be one of ${shape.enum.join(', ')}, got "${value}"${hint}`);
    return;
  }
  if (shape.pattern !== undefined && !regex(shape.pattern).test(value)) {
    out.error(at, 'CONFIG_PATTERN', shape.patternMessage ?? `must match ${shape.pattern}`);
  }
  if (shape.maxLength !== undefined && utf8Length(value) > shape.maxLength) {
    out.error(at, 'CONFIG_LIMIT', `must be at most ${shape.maxLength} bytes (OSS limit), got ${utf8Length(value)}`);
  }
}

function checkSecret(value: unknown, at: PathSegments, out: IssueCollector): void {
  if (typeof value === 'string' && SECRET_REF.test(value)) return;
  if (typeof value === 'string' && ENV_REF.test(value)) {
    // a reference's name is no secret (the pattern bounds it to [A-Za-z0-9_]), so it can be named
    out.error(at, 'CONFIG_SECRET_NAME', `must be \${env:${SECRET_ENV_PREFIX}<NAME>}, got ${value}: a config may read only variables named ${SECRET_ENV_PREFIX}..., never the function's own keys or secrets`);
    return;
  }
  // Never echo the value: it may be the secret itself.
  const what = typeof value === 'string' ? 'a secret written in the file is refused (value not shown)' : `got ${typeName(value)}`;
  out.error(at, 'CONFIG_SECRET_IN_CLEAR', `must be an \${env:${SECRET_ENV_PREFIX}<NAME>} reference resolved at run time; ${what}`);
}

function checkInteger(value: unknown, shape: IntegerShape, at: PathSegments, out: IssueCollector): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    const hint = typeof value === 'string' && /^-?\d+$/.test(value) ? ` (write ${value} without quotes)` : '';
    out.error(at, 'CONFIG_TYPE', `must be an integer, got ${typeName(value)}${hint}`);
    return;
  }
  if (shape.enum && !shape.enum.includes(value)) {
    out.error(at, 'CONFIG_ENUM', `must be one of ${shape.enum.join(', ')}, got ${value}`);
  } else if (shape.minimum !== undefined && value < shape.minimum) {
    out.error(at, 'CONFIG_RANGE', `must be at least ${shape.minimum}, got ${value}`);
  } else if (shape.maximum !== undefined && value > shape.maximum) {
    out.error(at, 'CONFIG_RANGE', `must be at most ${shape.maximum}, got ${value}`);
  }
}

function checkList(value: unknown, shape: ListShape, at: PathSegments, out: IssueCollector): void {
  if (!Array.isArray(value)) {
    out.error(at, 'CONFIG_TYPE', `must be a list, got ${typeName(value)}`);
    return;
  }
  const noun = shape.noun ?? 'entries';
  if (shape.minItems !== undefined && value.length < shape.minItems) {
    out.error(at, 'CONFIG_LIMIT', `needs at least ${shape.minItems} ${shape.minItems === 1 ? noun.replace(/s$/, '') : noun}`);
  }
  if (shape.maxItems !== undefined && value.length > shape.maxItems) {
    out.error(at, 'CONFIG_LIMIT', `at most ${shape.maxItems} ${noun} (OSS limit), got ${value.length}`);
  }
  value.forEach((item, i) => checkShape(item, shape.items, [...at, i], out));
}

function checkObject(value: unknown, shape: ObjectShape, at: PathSegments, out: IssueCollector): void {
  if (!isObj(value)) {
    out.error(at, 'CONFIG_TYPE', `must be a mapping, got ${typeName(value)}`);
    return;
  }
  const known = Object.keys(shape.fields);
  // in a mapping that holds a secret, an unknown key may be the secret itself (`{accessKeyId: AK, s3cr3t}`)
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(shape.fields, key)) continue;
    if (holdsSecret(shape)) {
      const guess = didYouMean(key, known);
      const tail = guess !== undefined ? `did you mean "${guess}"?` : `its keys are ${known.join(', ')}`;
      out.error(at, 'CONFIG_UNKNOWN_KEY', `an unknown key (not shown: this mapping holds a secret); ${tail}`);
      continue;
    }
    const hint = shape.hints?.[key];
    const guess = didYouMean(key, known);
    const tail = hint !== undefined ? ` (${hint})` : guess !== undefined ? ` (did you mean "${guess}"?)` : '';
    out.error([...at, key], 'CONFIG_UNKNOWN_KEY', `unknown key "${key}"${tail}`, true);
  }
  for (const key of shape.required ?? []) {
    if (value[key] === undefined) out.error([...at, key], 'CONFIG_REQUIRED', 'is required');
  }
  for (const [key, fieldShape] of Object.entries(shape.fields)) {
    if (value[key] !== undefined) checkShape(value[key], fieldShape, [...at, key], out);
  }
}

function checkMap(value: unknown, shape: MapShape, at: PathSegments, out: IssueCollector): void {
  if (!isObj(value)) {
    out.error(at, 'CONFIG_TYPE', `must be a mapping, got ${typeName(value)}`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!regex(shape.keyPattern).test(key)) out.error([...at, key], 'CONFIG_NAME', shape.keyMessage, true);
    checkShape(v, shape.values, [...at, key], out);
  }
}

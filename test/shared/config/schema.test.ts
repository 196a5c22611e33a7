import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildJsonSchema, exportConfig, hasErrors, validateConfig } from '../../../shared/config/index.ts';
import { fieldDocs } from '../../../shared/config/field-docs.ts';
import { BAD_CASES, textOf } from './fixtures.ts';
import { fullCors, fullReferer, fullWebsite } from './models.ts';
import { SCHEMA_PATH, schemaText } from './write-schema.ts';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const committed = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
const validateWithSchema = ajv.compile(committed);
const schemaAccepts = (value: unknown): boolean => validateWithSchema(value) === true;
const validatorAccepts = (value: unknown): boolean => !hasErrors(validateConfig({ value }));

type Path = Array<string | number>;
function leaves(value: unknown, at: Path = [], out: Array<{ path: Path; value: unknown }> = []) {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...at, i], out));
  else if (typeof value === 'object' && value !== null) {
    out.push({ path: at, value });
    for (const [k, v] of Object.entries(value)) leaves(v, [...at, k], out);
  } else out.push({ path: at, value });
  return out;
}
/** Every field's schema with its JSON pointer and its key in fieldDocs(); $defs (the if/then constraints) aside. */
function fieldsOf(node: Record<string, unknown>, pointer = '', key = '', out: Array<{ pointer: string; key: string; schema: Record<string, unknown> }> = []) {
  const props = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [name, child] of Object.entries(props ?? {})) {
    const at = key === '' ? name : `${key}.${name}`;
    out.push({ pointer: `${pointer}/properties/${name}`, key: at, schema: child });
    fieldsOf(child, `${pointer}/properties/${name}`, at, out);
  }
  const values = node.additionalProperties;
  if (typeof values === 'object' && values !== null) {
    out.push({ pointer: `${pointer}/additionalProperties`, key: `${key}.*`, schema: values as Record<string, unknown> });
    fieldsOf(values as Record<string, unknown>, `${pointer}/additionalProperties`, `${key}.*`, out);
  }
  if (typeof node.items === 'object' && node.items !== null) fieldsOf(node.items as Record<string, unknown>, `${pointer}/items`, key, out);
  (node.anyOf as Array<Record<string, unknown>> | undefined)?.forEach((branch, i) => fieldsOf(branch, `${pointer}/anyOf/${i}`, key, out));
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe('published JSON Schema', () => {
  it('is the one generated from the validator\'s shapes (run test/shared/config/write-schema.ts to update)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(schemaText());
    expect(committed.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(buildJsonSchema()).toEqual(committed);
  });

  it('gives every field a description and examples, and field-docs.ts documents no field that does not exist', () => {
    const fields = fieldsOf(committed);
    expect(fields.length).toBeGreaterThan(100);
    const undocumented = fields.filter((f) => typeof f.schema.description !== 'string' || f.schema.description === '' || !Array.isArray(f.schema.examples) || f.schema.examples.length === 0);
    expect(undocumented.map((f) => f.key)).toEqual([]);
    expect(Object.keys(fieldDocs()).sort()).toEqual(fields.map((f) => f.key).sort());
  });

  it('has examples that are valid where they stand', () => {
    const invalid: string[] = [];
    for (const { pointer, key, schema } of fieldsOf(committed)) {
      const check = ajv.getSchema(`${committed.$id}#${pointer}`);
      expect(check, pointer).toBeDefined();
      for (const example of schema.examples as unknown[]) {
        if (check!(example) !== true) invalid.push(`${key}: ${JSON.stringify(example)}: ${ajv.errorsText(check!.errors)}`);
      }
    }
    expect(invalid).toEqual([]);
    // the examples of whole buckets pass the validator too (cross-field rules: a Mirror rule's 404, its URL...)
    const docs = fieldDocs();
    for (const example of docs.buckets!.examples) expect(validateConfig({ value: { version: 1, buckets: example } })).toEqual([]);
    for (const example of docs['buckets.*']!.examples) expect(validateConfig({ value: { version: 1, buckets: { 'example-site': example } } })).toEqual([]);
  });

  it('accepts every example file, as the validator does', () => {
    const dir = new URL('../../../examples/', import.meta.url);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      const value = parse(readFileSync(new URL(file, dir), 'utf8'));
      expect(schemaAccepts(value), `${file}: ${ajv.errorsText(validateWithSchema.errors)}`).toBe(true);
      expect(validateConfig({ value }), `${file} has no errors and no warnings`).toEqual([]);
    }
  });

  it.each(BAD_CASES.filter((c) => c.schema).map((c) => [c.name, c] as const))('also refuses %s', (_name, c) => {
    const value = c.filename?.endsWith('.json') ? JSON.parse(textOf(c)) : parse(textOf(c));
    expect(schemaAccepts(value)).toBe(false);
    expect(validatorAccepts(value)).toBe(false);
  });

  it('agrees with the validator on every structural mutation of a config that sets every field', async () => {
    const base = parse(await exportConfig([{ name: 'assets', region: 'cn-hangzhou', website: fullWebsite(), cors: fullCors(), referer: fullReferer() }]));
    expect(schemaAccepts(base)).toBe(true);
    expect(validatorAccepts(base)).toBe(true);
    const disagreements: string[] = [];
    let checked = 0;
    const check = (label: string, value: unknown) => {
      checked++;
      const s = schemaAccepts(value);
      const v = validatorAccepts(value);
      if (s !== v) disagreements.push(`${label}: schema ${s ? 'accepts' : 'refuses'}, validator ${v ? 'accepts' : 'refuses'}`);
    };
    for (const { path, value } of leaves(base)) {
      const label = path.join('.');
      if (typeof value === 'object' && value !== null) {
        check(`${label} + unknown key`, setAt(base, [...path, 'zzUnknown'], 1));
        if (path.length > 0) check(`${label} as a string`, setAt(base, path, 'text'));
        continue;
      }
      if (path.length === 0) continue;
      check(`${label} wrong type`, setAt(base, path, typeof value === 'string' ? 12345 : 'text'));
      if (typeof value === 'string') check(`${label} empty`, setAt(base, path, ''));
      if (typeof value === 'number') check(`${label} fraction`, setAt(base, path, value + 0.5));
      check(`${label} null`, setAt(base, path, null));
    }
    expect(checked).toBeGreaterThan(300);
    expect(disagreements).toEqual([]);
  });
});

import { fieldDocs, type FieldDoc } from './field-docs.ts';
import { CONFIG_SHAPE } from './shape/root.ts';
import { ENV_REF_PATTERN, SECRET_REF_PATTERN } from './shape/types.ts';
import type { Shape } from './shape/types.ts';

export const JSON_SCHEMA_ID = 'urn:ossedge:config:1';

type JsonSchema = Record<string, unknown>;

/**
 * The published JSON Schema (draft 2020-12) for editors, generated from the same shapes the
 * validator walks, so both agree on structure. OSS rules across fields (a Mirror rule needs 404 and
 * a trailing "/" URL) are added as if/then for editors; the validator remains the authority. Every
 * field carries its description and examples from field-docs.ts.
 */
export function buildJsonSchema(): JsonSchema {
  const schema = toSchema(CONFIG_SHAPE, '', fieldDocs());
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: JSON_SCHEMA_ID,
    title: 'ossedge.yaml',
    description: 'OSS bucket edge settings as code: website + mirroring-based back-to-origin, CORS and Referer per bucket.',
    ...schema,
    $defs: {
      text: {
        type: 'string',
        minLength: 1,
        not: { pattern: ENV_REF_PATTERN },
        description: 'a non-empty string; ${env:NAME} references belong in secret fields only',
      },
      mirrorRule: MIRROR_RULE,
    },
  };
}

/** A Mirror rule needs condition.httpErrorCodeReturnedEquals 404 and an absolute http(s) mirrorURL ending in "/". */
const ORIGIN_URL = '^https?://[^/?#@\\s]+(/[^?#\\s]*)?/$';
const MIRROR_RULE = {
  if: {
    type: 'object',
    properties: { redirect: { type: 'object', properties: { redirectType: { const: 'Mirror' } }, required: ['redirectType'] } },
    required: ['redirect'],
  },
  then: {
    type: 'object',
    properties: {
      condition: { type: 'object', properties: { httpErrorCodeReturnedEquals: { const: 404 } }, required: ['httpErrorCodeReturnedEquals'] },
      redirect: {
        type: 'object',
        properties: { mirrorURL: { type: 'string', pattern: ORIGIN_URL }, mirrorURLSlave: { type: 'string', pattern: ORIGIN_URL } },
        required: ['mirrorURL'],
      },
    },
  },
};

/** The field's description and examples (field-docs.ts) on its schema; a field without an entry gets none (the schema test fails). */
function withDocs(schema: JsonSchema, path: string, table: Readonly<Record<string, FieldDoc>>): JsonSchema {
  const docs = table[path];
  return docs === undefined ? schema : { description: docs.description, examples: [...docs.examples], ...schema };
}

/** `path` is the field's key in fieldDocs(): dotted, `*` for a bucket, list items under the list's own path. */
function toSchema(shape: Shape, path: string, docs: Readonly<Record<string, FieldDoc>>): JsonSchema {
  switch (shape.kind) {
    case 'nullable':
      return { anyOf: [{ type: 'null' }, toSchema(shape.of, path, docs)] };
    case 'secret':
      return { type: 'string', pattern: SECRET_REF_PATTERN };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer': {
      const s: JsonSchema = { type: 'integer' };
      if (shape.enum) s.enum = [...shape.enum];
      if (shape.minimum !== undefined) s.minimum = shape.minimum;
      if (shape.maximum !== undefined) s.maximum = shape.maximum;
      return s;
    }
    case 'string': {
      if (shape.enum) return { type: 'string', enum: [...shape.enum] };
      const plain = shape.pattern === undefined && shape.maxLength === undefined && !shape.allowEmpty;
      if (plain) return { $ref: '#/$defs/text' };
      const s: JsonSchema = { type: 'string', not: { pattern: ENV_REF_PATTERN } };
      if (!shape.allowEmpty) s.minLength = 1;
      if (shape.pattern !== undefined) s.pattern = shape.pattern;
      if (shape.maxLength !== undefined) s.maxLength = shape.maxLength;
      return s;
    }
    case 'list': {
      const s: JsonSchema = { type: 'array', items: toSchema(shape.items, path, docs) };
      if (shape.minItems !== undefined) s.minItems = shape.minItems;
      if (shape.maxItems !== undefined) s.maxItems = shape.maxItems;
      return s;
    }
    case 'object': {
      const properties = Object.fromEntries(
        Object.entries(shape.fields).map(([k, v]) => {
          const at = path === '' ? k : `${path}.${k}`;
          return [k, withDocs(toSchema(v, at, docs), at, docs)];
        }),
      );
      const s: JsonSchema = { type: 'object', properties, additionalProperties: false };
      if (shape.required && shape.required.length > 0) s.required = [...shape.required];
      if ('redirect' in shape.fields && 'condition' in shape.fields) s.$ref = '#/$defs/mirrorRule';
      return s;
    }
    case 'map': {
      const at = `${path}.*`;
      return { type: 'object', propertyNames: { pattern: shape.keyPattern }, additionalProperties: withDocs(toSchema(shape.values, at, docs), at, docs) };
    }
  }
}

/**
 * A small declarative description of the file's structure. One description drives both the
 * structural half of the validator and the published JSON Schema, so the two cannot drift apart.
 * OSS rules that a schema cannot express (a Mirror rule needs 404, header blacklists...) live in
 * ../validate/*.ts; what each field means, for editors, in ../field-docs.ts.
 */
export type Shape =
  | StringShape
  | BooleanShape
  | IntegerShape
  | ListShape
  | ObjectShape
  | MapShape
  | NullableShape
  | SecretShape;

export interface StringShape {
  kind: 'string';
  /** Empty strings are refused unless this is set. */
  allowEmpty?: boolean;
  enum?: readonly string[];
  /** A regular expression source (ECMAScript, also valid for JSON Schema with the `u` flag). */
  pattern?: string;
  /** Message when `pattern` does not match. */
  patternMessage?: string;
  maxLength?: number;
}

export interface BooleanShape {
  kind: 'boolean';
}

export interface IntegerShape {
  kind: 'integer';
  minimum?: number;
  maximum?: number;
  enum?: readonly number[];
}

export interface ListShape {
  kind: 'list';
  items: Shape;
  minItems?: number;
  maxItems?: number;
  /** Plural noun for limit messages ("routing rules"). */
  noun?: string;
}

export interface ObjectShape {
  kind: 'object';
  fields: Readonly<Record<string, Shape>>;
  required?: readonly string[];
  /** Extra hints for unknown keys: a key users write by mistake → its message. */
  hints?: Readonly<Record<string, string>>;
}

export interface MapShape {
  kind: 'map';
  values: Shape;
  keyPattern: string;
  keyMessage: string;
}

export interface NullableShape {
  kind: 'nullable';
  of: Shape;
}

/** A secret field: only a `${env:NAME}` reference is accepted. */
export interface SecretShape {
  kind: 'secret';
}

export const ENV_REF_PATTERN = '^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}$';
/**
 * The one prefix a secret reference may name: the function's environment also holds its own keys, token
 * and webhook secret, which a config (pushed by anyone who can push) must never be able to name.
 */
export const SECRET_ENV_PREFIX = 'OSSEDGE_SECRET_';
/** A secret field's value: `${env:OSSEDGE_SECRET_<NAME>}`. */
export const SECRET_REF_PATTERN = `^\\$\\{env:${SECRET_ENV_PREFIX}[A-Za-z0-9_]+\\}$`;

export const str = (extra: Omit<StringShape, 'kind'> = {}): StringShape => ({ kind: 'string', ...extra });
export const bool = (): BooleanShape => ({ kind: 'boolean' });
export const int = (extra: Omit<IntegerShape, 'kind'> = {}): IntegerShape => ({ kind: 'integer', ...extra });
export const list = (items: Shape, extra: Omit<ListShape, 'kind' | 'items'> = {}): ListShape => ({ kind: 'list', items, ...extra });
export const obj = (fields: Record<string, Shape>, extra: Omit<ObjectShape, 'kind' | 'fields'> = {}): ObjectShape => ({
  kind: 'object',
  fields,
  ...extra,
});
export const nullable = (of: Shape): NullableShape => ({ kind: 'nullable', of });

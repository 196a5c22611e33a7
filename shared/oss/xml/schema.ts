import { missing, toBoolean, toDate, toInteger, type XmlElement } from './parse.ts';
import { element, leaf } from './write.ts';

// A tiny declarative mapping between an XML element and a model object, so that one table drives
// both directions (and so round trips are the identity by construction). Field order in a table is
// the order the Go SDK v2 writes elements in; the reader accepts any order.

/** `date`: ISO 8601 (or HTTP date) text ↔ Date; `etag`: quoted on the wire, unquoted in models. */
export type Leaf = 'string' | 'boolean' | 'integer' | 'date' | 'etag';
/** A record's fields in wire order (`any` default: nested tables of other model types). */
export type RecordSpec<T = any> = ReadonlyArray<FieldSpec<T>>;
export type Item = Leaf | RecordSpec;

export type FieldKind =
  | Leaf
  /** A nested element. `orEmpty`: absent reads as `{}` and an empty object is not written. */
  | { one: RecordSpec; orEmpty?: boolean }
  /** A repeated element without a container (`Pass`, `IncludeHeader`). `orEmpty`: absent reads as `[]`. */
  | { many: Item; orEmpty?: boolean }
  /** A container holding repeated items (`RoutingRules/RoutingRule`). Present container → list, even empty. */
  | { wrap: string; item: Item; orEmpty?: boolean };

export interface FieldSpec<T> {
  xml: string;
  key: keyof T & string;
  kind: FieldKind;
  /** Absent element → MISSING_ELEMENT (leaves only). */
  required?: boolean;
}

/** Reads a model object from `el` using `spec`; absent optional fields stay absent (no `undefined` keys). */
export function readRecord<T>(el: XmlElement, spec: RecordSpec<T>): T {
  const out: Record<string, unknown> = {};
  for (const field of spec) {
    const value = readField(el, field);
    if (value !== undefined) out[field.key] = value;
  }
  return out as T;
}

/** Writes `<name>…</name>` for a model object, children in table order, undefined fields omitted. */
export function writeRecord<T>(name: string, value: T, spec: RecordSpec<T>): string {
  let body = '';
  for (const field of spec) {
    body += writeField(field, (value as Record<string, unknown>)[field.key]);
  }
  return element(name, body);
}

function readField<T>(el: XmlElement, field: FieldSpec<T>): unknown {
  const { kind, xml } = field;
  if (typeof kind === 'string') {
    const value = readLeaf(el, xml, kind);
    if (value === undefined && field.required) throw missing(`${el.path}.${xml}`);
    return value;
  }
  if ('one' in kind) {
    const child = el.one(xml);
    if (!child) return kind.orEmpty ? {} : undefined;
    return readRecord(child, kind.one);
  }
  if ('many' in kind) {
    const items = el.all(xml);
    if (items.length === 0) return kind.orEmpty ? [] : undefined;
    return items.map((item) => readItem(item, kind.many));
  }
  const container = el.one(xml);
  if (!container) return kind.orEmpty ? [] : undefined;
  return container.all(kind.wrap).map((item) => readItem(item, kind.item));
}

function readLeaf(el: XmlElement, name: string, kind: Leaf): unknown {
  if (kind === 'boolean') return el.bool(name);
  if (kind === 'integer') return el.int(name);
  const text = el.str(name);
  return text === undefined ? undefined : convertText(text, kind, `${el.path}.${name}`);
}

function convertText(text: string, kind: Leaf, path: string): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'boolean':
      return toBoolean(text, path);
    case 'integer':
      return toInteger(text, path);
    case 'date':
      return toDate(text, path);
    case 'etag':
      return unquoteEtag(text);
  }
}

/** Strips the double quotes OSS puts around ETags (`"5B3C…"` → `5B3C…`). */
export function unquoteEtag(etag: string): string {
  const t = etag.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function readItem(item: XmlElement, kind: Item): unknown {
  if (typeof kind !== 'string') return readRecord(item.container(), kind);
  return convertText(item.text(), kind, item.path);
}

function writeField<T>(field: FieldSpec<T>, value: unknown): string {
  if (value === undefined || value === null) return '';
  const { kind, xml } = field;
  if (typeof kind === 'string') return writeLeaf(xml, kind, value);
  if ('one' in kind) {
    if (kind.orEmpty && Object.keys(value as object).every((k) => (value as Record<string, unknown>)[k] === undefined)) {
      return '';
    }
    return writeRecord(xml, value, kind.one);
  }
  const items = (value as unknown[]).map((item) => writeItem(xml, kind, item));
  if ('many' in kind) return items.join('');
  return element(xml, items.join(''));
}

function writeItem(xml: string, kind: { many: Item } | { wrap: string; item: Item }, item: unknown): string {
  const name = 'many' in kind ? xml : kind.wrap;
  const itemKind = 'many' in kind ? kind.many : kind.item;
  if (typeof itemKind === 'string') return writeLeaf(name, itemKind, item);
  return writeRecord(name, item, itemKind);
}

function writeLeaf(name: string, kind: Leaf, value: unknown): string {
  if (kind === 'etag') return leaf(name, `"${value as string}"`);
  if (kind === 'date') return leaf(name, (value as Date).toISOString());
  return leaf(name, value as string | number | boolean);
}

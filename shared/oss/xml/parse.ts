import { XMLParser } from 'fast-xml-parser';
import { decodeXmlEntities } from './entities.ts';
import { XmlCodecError } from './errors.ts';

/** Largest XML body any codec parses (characters). OSS config documents are a few KiB; list pages < 1 MiB. */
export const MAX_XML_CHARS = 8 * 1024 * 1024;

/**
 * The one fast-xml-parser instance of shared/oss (codecs and error responses). Values are NOT trimmed
 * (object keys, Referer entries and header values may start or end with spaces) and every document is
 * validated first, so malformed input fails loudly with a line/column (the emulator answers MalformedXML
 * from that). Safe by construction: the library processes no entities (entities.ts decodes the five XML
 * entities and numeric references, so nothing can expand) and DOCTYPEs are refused up front; attributes and
 * namespace prefixes are dropped (OSS puts nothing in attributes); values stay strings (converted
 * strictly by the accessors below); CDATA is kept apart and taken verbatim.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
});

type Node = string | { [name: string]: unknown };

const TEXT = '#text';
const CDATA = '#cdata';

/**
 * Parses `xml` and returns its root element, which must be named `root` (namespace prefixes ignored).
 * Throws XmlCodecError MALFORMED_XML / UNEXPECTED_ROOT / TOO_LARGE.
 */
export function parseXmlRoot(xml: string, root: string, maxChars = MAX_XML_CHARS): XmlElement {
  if (xml.length > maxChars) throw new XmlCodecError('TOO_LARGE', `XML body is longer than ${maxChars} characters`);
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (/<!DOCTYPE/i.test(text)) throw new XmlCodecError('MALFORMED_XML', 'DOCTYPE declarations are not accepted');
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text, true) as Record<string, unknown>;
  } catch (err) {
    throw new XmlCodecError('MALFORMED_XML', `not well-formed XML: ${(err as Error).message}`, { cause: err });
  }
  const names = Object.keys(doc).filter((k) => k !== TEXT);
  if (names.length === 0) throw new XmlCodecError('MALFORMED_XML', 'no root element');
  if (names.length > 1 || Array.isArray(doc[names[0]!])) {
    throw new XmlCodecError('MALFORMED_XML', 'more than one root element');
  }
  const name = names[0]!;
  if (name !== root) throw new XmlCodecError('UNEXPECTED_ROOT', `root element is <${name}>, expected <${root}>`);
  return new XmlElement(root, doc[name] as Node);
}

/** A read-only view of one parsed element; every accessor names the element path in its errors. */
export class XmlElement {
  constructor(
    readonly path: string,
    private readonly node: Node,
  ) {}

  /** Text content of this element (entities decoded); an error if it has child elements. */
  text(): string {
    if (typeof this.node === 'string') return decodeText(this.node, this.path);
    const names = Object.keys(this.node).filter((k) => k !== TEXT && k !== CDATA);
    if (names.length > 0) throw invalid(this.path, `expected text, found element <${names[0]}>`);
    const text = String(this.node[TEXT] ?? '');
    const cdata = this.node[CDATA];
    if (cdata === undefined) return decodeText(text, this.path);
    // CDATA is taken verbatim; text around it may only be layout whitespace (order is not kept).
    if (text.trim() !== '') throw invalid(this.path, 'text mixed with CDATA is not supported');
    return Array.isArray(cdata) ? cdata.join('') : String(cdata);
  }

  /** Whether a child element with this name exists. */
  has(name: string): boolean {
    return this.raw(name).length > 0;
  }

  /** Child elements with this name, in document order (a single element gives a one-item list). */
  all(name: string): XmlElement[] {
    const raw = this.raw(name);
    if (raw.length === 1) return [new XmlElement(`${this.path}.${name}`, raw[0]!)];
    return raw.map((n, i) => new XmlElement(`${this.path}.${name}[${i}]`, n));
  }

  /** The last child element with this name (Go's decoder semantics for a repeated singleton). */
  one(name: string): XmlElement | undefined {
    const raw = this.raw(name);
    if (raw.length === 0) return undefined;
    return new XmlElement(`${this.path}.${name}`, raw[raw.length - 1]!).container();
  }

  str(name: string): string | undefined {
    const raw = this.raw(name);
    return raw.length === 0 ? undefined : new XmlElement(`${this.path}.${name}`, raw[raw.length - 1]!).text();
  }

  bool(name: string): boolean | undefined {
    const value = this.str(name);
    return value === undefined ? undefined : toBoolean(value, `${this.path}.${name}`);
  }

  int(name: string): number | undefined {
    const value = this.str(name);
    return value === undefined ? undefined : toInteger(value, `${this.path}.${name}`);
  }

  /** The text of a required child element; MISSING_ELEMENT when absent. */
  requiredStr(name: string): string {
    const value = this.str(name);
    if (value === undefined) throw missing(`${this.path}.${name}`);
    return value;
  }

  /**
   * The child elements that hold only text, name → text (the last of a repeated name), in document order;
   * children with elements of their own are left out. For documents read as flat fields (error bodies).
   */
  textFields(): Map<string, string> {
    const out = new Map<string, string>();
    if (typeof this.node === 'string') return out;
    for (const name of Object.keys(this.node)) {
      if (name === TEXT || name === CDATA) continue;
      const raw = this.raw(name);
      const last = raw[raw.length - 1]!;
      if (typeof last !== 'string' && Object.keys(last).some((k) => k !== TEXT && k !== CDATA)) continue;
      out.set(name, new XmlElement(`${this.path}.${name}`, last).text());
    }
    return out;
  }

  /** This element, checked to hold child elements (or nothing) rather than text. */
  container(): this {
    if (typeof this.node === 'string') {
      if (this.node.trim() !== '') throw invalid(this.path, 'expected child elements, found text');
    } else if ((typeof this.node[TEXT] === 'string' && this.node[TEXT].trim() !== '') || this.node[CDATA] !== undefined) {
      throw invalid(this.path, 'unexpected text between child elements');
    }
    return this;
  }

  private raw(name: string): Node[] {
    if (typeof this.node === 'string' || !Object.hasOwn(this.node, name)) return [];
    const value = this.node[name];
    return (Array.isArray(value) ? value : [value]) as Node[];
  }
}

export function toBoolean(value: string, path: string): boolean {
  const v = value.trim();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalid(path, `expected true or false, got ${quote(value)}`);
}

export function toInteger(value: string, path: string): number {
  const v = value.trim();
  if (/^[+-]?\d{1,16}$/.test(v)) {
    const n = Number(v);
    if (Number.isSafeInteger(n)) return n;
  }
  throw invalid(path, `expected an integer, got ${quote(value)}`);
}

/** ISO 8601 (`2012-02-24T08:43:07.000Z`) or HTTP date text → Date; anything else is INVALID_VALUE. */
export function toDate(value: string, path: string): Date {
  const v = value.trim();
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(v) || /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} /.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw invalid(path, `expected a date, got ${quote(value)}`);
  return new Date(ms);
}

function decodeText(raw: string, path: string): string {
  const text = decodeXmlEntities(raw);
  if (text === undefined) throw invalid(path, 'unknown entity, bare "&" or a reference to no character in text');
  return text;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
}

function invalid(path: string, message: string): XmlCodecError {
  return new XmlCodecError('INVALID_VALUE', message, { element: path });
}

export function missing(path: string): XmlCodecError {
  return new XmlCodecError('MISSING_ELEMENT', 'required element is missing', { element: path });
}

import type { Owner } from './bucket.ts';
import { XmlCodecError } from './errors.ts';
import type { ListObjectsPage, ObjectSummary } from './list-objects.ts';
import { MAX_XML_CHARS, toBoolean, toDate, toInteger } from './parse.ts';
import { unquoteEtag } from './schema.ts';

// A single-pass scanner for `ListBucketResult`, the flat, regular document that dominates listing
// time (a 1000-key page is ~200-300 KB). It reads the plain subset OSS and the emulator send:
// optional XML declaration, `<ListBucketResult>` with at most an `xmlns` attribute, child elements
// without attributes or namespace prefixes, text with the five XML entities and numeric character
// references, layout whitespace between elements. Anything outside that subset (CDATA, comments,
// PIs, attributes, self-closing tags, `\r`, nested unknown elements, a bad value, bad
// percent-encoding...) makes it give up, and the general codec (fast-xml-parser + well-formedness
// pass) decides: it parses the body or throws the typed XmlCodecError with its exact element path.
// So the scanner may be stricter than the general codec but never laxer, and every body it accepts
// yields the same page the general codec would.

/** Thrown inside the scanner when the body leaves its subset. */
const GIVE_UP = Symbol('give up');

const ROOT = 'ListBucketResult';
const DECLARATION = /<\?xml version=(?:"1\.[0-9]"|'1\.[0-9]')(?: encoding=(?:"[A-Za-z][\w.-]*"|'[A-Za-z][\w.-]*'))?(?: standalone=(?:"(?:yes|no)"|'(?:yes|no)'))? ?\?>/y;
const ROOT_TAG = /<ListBucketResult(?:[ \t\n]+xmlns=(?:"[^"<>&]*"|'[^'<>&]*'))?[ \t\n]*>/y;
/** Names of elements the scanner skips (text-only elements it does not know). */
const NAME = /^[A-Za-z_][\w.-]*$/;
const NUMERIC_REF = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/;
const STRING_FIELDS = new Map<string, string>([
  ['Name', 'name'],
  ['Prefix', 'prefix'],
  ['Marker', 'marker'],
  ['ContinuationToken', 'continuationToken'],
  ['Delimiter', 'delimiter'],
  ['StartAfter', 'startAfter'],
  ['EncodingType', 'encodingType'],
  ['NextMarker', 'nextMarker'],
  ['NextContinuationToken', 'nextContinuationToken'],
]);
const ENCODED_FIELDS = ['prefix', 'delimiter', 'startAfter', 'marker', 'nextMarker'] as const;

/**
 * The page of a ListObjects(V2) body, or `undefined` when the body is outside the scanner's subset
 * (then `listObjectsFromXml` uses the general codec, which parses it or throws XmlCodecError).
 */
export function scanListObjects(xml: string): ListObjectsPage | undefined {
  if (xml.length > MAX_XML_CHARS || xml.includes('\r')) return undefined; // line-end normalisation: general codec
  try {
    return readPage(new Scanner(xml));
  } catch (err) {
    if (err === GIVE_UP || err instanceof XmlCodecError || err instanceof URIError) return undefined;
    throw err;
  }
}

function readPage(s: Scanner): ListObjectsPage {
  s.prolog();
  const page: Record<string, unknown> = {};
  const contents: ObjectSummary[] = [];
  const commonPrefixes: string[] = [];
  for (let name = s.next(ROOT); name !== undefined; name = s.next(ROOT)) {
    if (name === 'Contents') contents.push(readObject(s));
    else if (name === 'CommonPrefixes') commonPrefixes.push(readPrefix(s));
    else if (name === 'IsTruncated') page.isTruncated = toBoolean(s.text(name), name);
    else if (name === 'MaxKeys') page.maxKeys = toInteger(s.text(name), name);
    else if (name === 'KeyCount') page.keyCount = toInteger(s.text(name), name);
    else if (STRING_FIELDS.has(name)) page[STRING_FIELDS.get(name)!] = s.text(name);
    else s.skip(name);
  }
  s.end();
  if (page.isTruncated === undefined) throw GIVE_UP;
  const out = { ...page, contents, commonPrefixes } as ListObjectsPage;
  if (out.encodingType?.toLowerCase() !== 'url') return out;
  for (const field of ENCODED_FIELDS) if (out[field] !== undefined) out[field] = urlDecode(out[field]);
  for (const o of contents) o.key = urlDecode(o.key);
  for (let i = 0; i < commonPrefixes.length; i++) commonPrefixes[i] = urlDecode(commonPrefixes[i]!);
  return out;
}

function readObject(s: Scanner): ObjectSummary {
  const o: Partial<ObjectSummary> = {};
  for (let name = s.next('Contents'); name !== undefined; name = s.next('Contents')) {
    switch (name) {
      case 'Key': o.key = s.text(name); break;
      case 'LastModified': o.lastModified = toDate(s.text(name), name); break;
      case 'ETag': o.etag = unquoteEtag(s.text(name)); break;
      case 'Type': o.type = s.text(name); break;
      case 'Size': o.size = toInteger(s.text(name), name); break;
      case 'StorageClass': o.storageClass = s.text(name); break;
      case 'Owner': o.owner = readOwner(s); break;
      case 'RestoreInfo': o.restoreInfo = s.text(name); break;
      case 'TransitionTime': o.transitionTime = toDate(s.text(name), name); break;
      default: s.skip(name);
    }
  }
  if (o.key === undefined || o.size === undefined) throw GIVE_UP;
  return o as ObjectSummary;
}

function readOwner(s: Scanner): Owner {
  const owner: Owner = {};
  for (let name = s.next('Owner'); name !== undefined; name = s.next('Owner')) {
    if (name === 'ID') owner.id = s.text(name);
    else if (name === 'DisplayName') owner.displayName = s.text(name);
    else s.skip(name);
  }
  return owner;
}

function readPrefix(s: Scanner): string {
  let prefix: string | undefined;
  for (let name = s.next('CommonPrefixes'); name !== undefined; name = s.next('CommonPrefixes')) {
    if (name === 'Prefix') prefix = s.text(name);
    else s.skip(name);
  }
  if (prefix === undefined) throw GIVE_UP;
  return prefix;
}

function urlDecode(value: string): string {
  return value.includes('%') ? decodeURIComponent(value) : value;
}

class Scanner {
  private pos = 0;

  constructor(private readonly xml: string) {}

  /** Optional BOM and XML declaration, layout whitespace, the root start tag. */
  prolog(): void {
    if (this.xml.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (this.xml.startsWith('<?', this.pos)) this.pos = this.sticky(DECLARATION);
    this.skipSpace();
    this.pos = this.sticky(ROOT_TAG);
  }

  /** After the root end tag: nothing but layout whitespace. */
  end(): void {
    this.skipSpace();
    if (this.pos !== this.xml.length) throw GIVE_UP;
  }

  /** The next child element's name (start tag consumed), or undefined once `</parent>` is consumed. */
  next(parent: string): string | undefined {
    this.skipSpace();
    const { xml, pos } = this;
    if (xml.charCodeAt(pos) !== 60 /* < */) throw GIVE_UP;
    if (xml.charCodeAt(pos + 1) === 47 /* / */) {
      this.pos = this.endTag(pos, parent);
      return undefined;
    }
    const gt = xml.indexOf('>', pos);
    if (gt < 0) throw GIVE_UP;
    this.pos = gt + 1;
    return xml.slice(pos + 1, gt);
  }

  /** The decoded text of the element whose start tag `name` was just read, end tag consumed. */
  text(name: string): string {
    const { xml, pos } = this;
    const lt = xml.indexOf('<', pos);
    if (lt < 0 || xml.charCodeAt(lt + 1) !== 47 /* / */) throw GIVE_UP;
    this.pos = this.endTag(lt, name);
    const raw = xml.slice(pos, lt);
    return raw.includes('&') ? decodeEntities(raw) : raw;
  }

  /** An element the scanner does not know: accepted (and dropped) only as a text-only element. */
  skip(name: string): void {
    if (!NAME.test(name)) throw GIVE_UP;
    this.text(name);
  }

  /** Position after `</name>` found at `lt`. */
  private endTag(lt: number, name: string): number {
    const { xml } = this;
    const gt = lt + 2 + name.length;
    if (xml.charCodeAt(gt) !== 62 /* > */ || !xml.startsWith(name, lt + 2)) throw GIVE_UP;
    return gt + 1;
  }

  private skipSpace(): void {
    const { xml } = this;
    let p = this.pos;
    for (let c = xml.charCodeAt(p); c === 32 || c === 10 || c === 9; c = xml.charCodeAt(++p));
    this.pos = p;
  }

  private sticky(re: RegExp): number {
    re.lastIndex = this.pos;
    if (!re.test(this.xml)) throw GIVE_UP;
    return re.lastIndex;
  }
}

/** The five XML entities and numeric character references; any other `&` gives up. */
function decodeEntities(raw: string): string {
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0) throw GIVE_UP;
    out += raw.slice(from, amp) + entity(raw.slice(amp + 1, semi));
    from = semi + 1;
  }
  return out + raw.slice(from);
}

function entity(body: string): string {
  switch (body) {
    case 'quot': return '"';
    case 'amp': return '&';
    case 'lt': return '<';
    case 'gt': return '>';
    case 'apos': return "'";
  }
  const m = NUMERIC_REF.exec(body);
  if (!m) throw GIVE_UP;
  const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw GIVE_UP;
  return String.fromCodePoint(code);
}

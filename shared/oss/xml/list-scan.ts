import type { Owner } from './bucket.ts';
import { decodeXmlEntities } from './entities.ts';
import { XmlCodecError } from './errors.ts';
import { MAX_XML_CHARS } from './parse.ts';

// The core of the single-pass scanners for the two list responses (list-objects-scan.ts,
// list-buckets-scan.ts): flat, regular documents that are large enough for fast-xml-parser plus its
// well-formedness pass to dominate listing time. A scanner reads only the plain subset OSS and the
// emulator send: optional BOM and XML declaration, the root element with at most an `xmlns`
// attribute, child elements without attributes or namespace prefixes, text with the five XML
// entities and numeric character references, layout whitespace between elements. Anything else
// (CDATA, comments, PIs, attributes, self-closing tags, `\r`, unknown nested elements, a bad value
// or percent-encoding, a missing required element...) makes it give up, and the general codec
// decides: it parses the body or throws XmlCodecError with its exact element path. So a scanner may
// be stricter than the general codec but never laxer, and reads every body it accepts the same way.

/** Thrown inside a scanner when the body leaves its subset. */
export const GIVE_UP = Symbol('give up');

const DECLARATION = /<\?xml version=(?:"1\.[0-9]"|'1\.[0-9]')(?: encoding=(?:"[A-Za-z][\w.-]*"|'[A-Za-z][\w.-]*'))?(?: standalone=(?:"(?:yes|no)"|'(?:yes|no)'))? ?\?>/y;
/** Names of elements a scanner skips (text-only elements it does not know). */
const NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * Runs `read` over `xml` and returns its result, or `undefined` when the body is outside the
 * scanners' subset (the caller then uses the general codec).
 */
export function scanOrGiveUp<T>(xml: string, root: string, read: (s: Scanner) => T): T | undefined {
  if (xml.length > MAX_XML_CHARS || xml.includes('\r')) return undefined; // line-end normalisation: general codec
  try {
    const s = new Scanner(xml);
    s.prolog(root);
    const result = read(s);
    s.end();
    return result;
  } catch (err) {
    if (err === GIVE_UP || err instanceof XmlCodecError || err instanceof URIError) return undefined;
    throw err;
  }
}

/** `Owner` (ID, DisplayName), in both list documents. */
export function readOwner(s: Scanner): Owner {
  const owner: Owner = {};
  for (let name = s.next('Owner'); name !== undefined; name = s.next('Owner')) {
    if (name === 'ID') owner.id = s.text(name);
    else if (name === 'DisplayName') owner.displayName = s.text(name);
    else s.skip(name);
  }
  return owner;
}

export class Scanner {
  private pos = 0;

  constructor(private readonly xml: string) {}

  /** Optional BOM and XML declaration, layout whitespace, the root start tag. */
  prolog(root: string): void {
    const { xml } = this;
    if (xml.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (xml.startsWith('<?', this.pos)) {
      DECLARATION.lastIndex = this.pos;
      if (!DECLARATION.test(xml)) throw GIVE_UP;
      this.pos = DECLARATION.lastIndex;
    }
    this.skipSpace();
    if (!xml.startsWith(`<${root}`, this.pos)) throw GIVE_UP;
    const gt = xml.indexOf('>', this.pos);
    const attributes = xml.slice(this.pos + root.length + 1, gt);
    if (gt < 0 || !/^(?:[ \t\n]+xmlns=(?:"[^"<&]*"|'[^'<&]*'))?[ \t\n]*$/.test(attributes)) throw GIVE_UP;
    this.pos = gt + 1;
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
    const text = decodeXmlEntities(raw);
    if (text === undefined) throw GIVE_UP;
    return text;
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
}

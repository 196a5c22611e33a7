import { XMLParser } from 'fast-xml-parser';
import { OssClientError, OssServiceError, excerpt, isSecretField, redact } from './errors.ts';
import { DEFAULT_MAX_TEXT_BYTES, readBodyText } from './transport.ts';

/** Control-plane responses (XML configs, error bodies) are small; anything bigger is refused. */
export const DEFAULT_MAX_XML_BYTES = DEFAULT_MAX_TEXT_BYTES;
export { readBodyText };

export type XmlNode = string | XmlObject | XmlNode[];
export interface XmlObject {
  [name: string]: XmlNode;
}

export interface ParseXmlOptions {
  /** Element names that are always lists, even with one child (e.g. RoutingRule, AllowedOrigin). */
  arrayTags?: ReadonlySet<string>;
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes only the five predefined XML entities and character references: nothing ever expands. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (m, hex?: string, dec?: string, name?: string) => {
    if (name) return NAMED[name] ?? m;
    const cp = hex ? Number.parseInt(hex, 16) : Number(dec);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

const BASE_OPTIONS = {
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  tagValueProcessor: (_name: string, value: string) => decodeXmlText(value),
} as const;

const defaultParser = new XMLParser(BASE_OPTIONS);
const parsers = new WeakMap<ReadonlySet<string>, XMLParser>();

function parserFor(arrayTags: ReadonlySet<string> | undefined): XMLParser {
  if (!arrayTags) return defaultParser;
  let p = parsers.get(arrayTags);
  if (!p) {
    p = new XMLParser({ ...BASE_OPTIONS, isArray: (name: string) => arrayTags.has(name) });
    parsers.set(arrayTags, p);
  }
  return p;
}

/**
 * Parses an OSS XML document into plain objects (text values as strings, attributes and namespace
 * prefixes dropped). A DOCTYPE or ENTITY declaration is refused: OSS never sends one, and entity
 * expansion is how XML bombs work. Throws a plain Error on anything that is not well-formed XML;
 * callers wrap it as MALFORMED_RESPONSE.
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): XmlObject {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new Error('XML with a DOCTYPE or ENTITY declaration is refused');
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('<')) throw new Error('not XML');
  const parsed: unknown = parserFor(options.arrayTags).parse(text);
  if (typeof parsed !== 'object' || parsed === null || Object.keys(parsed).length === 0) throw new Error('not XML');
  return parsed as XmlObject;
}

/** A non-2xx response whose body was read (see `errorFromResponse` in errors.ts for the lazy entry). */
export interface ErrorResponse {
  op: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Exact values to keep out of messages (signature, token, secret of the attempt). */
  secrets?: readonly (string | undefined)[];
}

const STATUS_CODES: Record<number, string> = {
  400: 'BadRequest', 403: 'AccessDenied', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict',
  412: 'PreconditionFailed', 416: 'InvalidRange', 429: 'TooManyRequests', 500: 'InternalError',
  502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};

function flatFields(obj: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (isSecretField(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

function fromFields(res: ErrorResponse, f: Record<string, string>): OssServiceError {
  const { Code, Message, RequestId, HostId, EC, ...rest } = f;
  const secrets = res.secrets ?? [];
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) clean[k] = redact(v, secrets);
  return new OssServiceError({
    status: res.status,
    code: Code ?? STATUS_CODES[res.status] ?? `Http${res.status}`,
    message: redact(Message ?? '', secrets),
    requestId: RequestId ?? res.headers['x-oss-request-id'],
    hostId: HostId,
    ec: EC ?? res.headers['x-oss-ec'],
    op: res.op,
    fields: clean,
    headers: res.headers,
  });
}

function malformed(res: ErrorResponse, text: string, why: string, cause?: unknown): OssClientError {
  const type = res.headers['content-type'] ?? 'none';
  return new OssClientError(
    'MALFORMED_RESPONSE',
    `${res.op}: HTTP ${res.status} with ${why} (content-type ${type}): "${excerpt(text, res.secrets ?? [])}"`,
    { op: res.op, status: res.status, cause },
  );
}

function fromXml(res: ErrorResponse, text: string): OssServiceError | OssClientError {
  let doc: XmlObject;
  try {
    doc = parseXml(text);
  } catch (err) {
    return malformed(res, text, 'a body that is not OSS error XML', err);
  }
  const root = doc.Error;
  if (typeof root !== 'object' || root === null || Array.isArray(root) || typeof root.Code !== 'string') {
    return malformed(res, text, 'a body that is not OSS error XML');
  }
  return fromFields(res, flatFields(root));
}

/**
 * Turns a non-2xx response into the error to throw: OssServiceError from the error XML (or the
 * base64 `x-oss-err` header when the body is empty, or a JSON `{"Error":{...}}` body), or
 * OssClientError MALFORMED_RESPONSE when the body is something else (an HTML proxy page...).
 */
export function parseErrorResponse(res: ErrorResponse): OssServiceError | OssClientError {
  const text = res.body;
  if (text.trim() === '') {
    const header = res.headers['x-oss-err'];
    if (header) {
      const decoded = Buffer.from(header, 'base64').toString('utf8');
      return fromXml(res, decoded);
    }
    return fromFields(res, { Message: `HTTP ${res.status} without an error body` });
  }
  const type = res.headers['content-type'] ?? '';
  if (type.includes('json') || text.trimStart().startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const inner = (typeof json.Error === 'object' && json.Error !== null ? json.Error : json) as Record<string, unknown>;
      if (typeof inner.Code === 'string') return fromFields(res, flatFields(inner));
    } catch (err) {
      return malformed(res, text, 'a JSON body that does not parse', err);
    }
    return malformed(res, text, 'a JSON body without an error Code');
  }
  return fromXml(res, text);
}

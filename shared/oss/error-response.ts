import { OssClientError, OssServiceError, excerpt, isSecretField, redact, type ErrorResponseInput as ErrorResponse } from './errors.ts';
import { parseXmlRoot } from './xml/parse.ts';

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
  let fields: Map<string, string>;
  try {
    // the codecs' parser: no DOCTYPE, no entity beyond the five and numeric references, root <Error>
    fields = parseXmlRoot(text, 'Error').container().textFields();
  } catch (err) {
    return malformed(res, text, 'a body that is not OSS error XML', err);
  }
  if (fields.get('Code') === undefined) return malformed(res, text, 'a body that is not OSS error XML');
  // values trimmed, as this reader always did (the codecs keep spaces: keys and Referer entries may have them)
  return fromFields(res, flatFields(Object.fromEntries([...fields].map(([k, v]) => [k, v.trim()]))));
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

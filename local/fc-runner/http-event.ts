import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FcHttpEventV1 } from '../../shared/fc/types.ts';

const TEXT_TYPE = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(json|xml))/i;

function isUtf8(buf: Buffer): boolean {
  return Buffer.from(buf.toString('utf8'), 'utf8').equals(buf);
}

/** Headers as FC delivers them: original name case, repeated values comma-joined. */
export function fcHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const lowerToName = new Map<string, string>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    const known = lowerToName.get(name.toLowerCase());
    if (known === undefined) {
      lowerToName.set(name.toLowerCase(), name);
      out[name] = value;
    } else out[known] = `${out[known]},${value}`;
  }
  return out;
}

/** The FC3 HTTP trigger event (spec/fc3.md §1.3) for a request whose function prefix was stripped. */
export function buildHttpEvent(
  req: IncomingMessage, url: URL, rawPath: string, body: Buffer, meta: { accountId: string; requestId: string; host: string },
): FcHttpEventV1 {
  const headers = fcHeaders(req);
  const queryParameters: Record<string, string> = {};
  for (const [k, v] of url.searchParams) queryParameters[k] = k in queryParameters ? `${queryParameters[k]},${v}` : v;
  const contentType = req.headers['content-type'] ?? '';
  const asText = body.length === 0 || (TEXT_TYPE.test(contentType) && isUtf8(body));
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // keep the raw path when it is not valid percent-encoding
  }
  const now = Date.now();
  return {
    version: 'v1',
    rawPath,
    body: asText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !asText,
    headers,
    queryParameters,
    requestContext: {
      accountId: meta.accountId,
      domainName: meta.host,
      domainPrefix: meta.host.split('.')[0] ?? meta.host,
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: meta.requestId,
      time: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      timeEpoch: String(now),
    },
  };
}

/** Writes a handler result as FC's HTTP trigger would: the FC3 response shape, else 200 with the value. */
export function writeHttpResult(res: ServerResponse, result: unknown, requestId: string): void {
  res.setHeader('x-fc-request-id', requestId);
  const r = result as { statusCode?: unknown; headers?: Record<string, string>; body?: unknown; isBase64Encoded?: boolean } | null;
  if (r && typeof r === 'object' && !Buffer.isBuffer(r) && typeof r.statusCode === 'number') {
    for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
    const body = typeof r.body === 'string' ? Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
    res.writeHead(r.statusCode);
    res.end(body);
    return;
  }
  const { body, type } = serializeResult(result);
  res.writeHead(200, { 'content-type': type });
  res.end(body);
}

/** FC's return-value conversion (spec/fc3.md §1.1): Buffer as is, object as JSON, others toString. */
export function serializeResult(result: unknown): { body: Buffer; type: string } {
  if (Buffer.isBuffer(result)) return { body: result, type: 'application/octet-stream' };
  if (result === undefined || result === null) return { body: Buffer.alloc(0), type: 'application/octet-stream' };
  if (typeof result === 'object') return { body: Buffer.from(JSON.stringify(result)), type: 'application/json' };
  return { body: Buffer.from(String(result)), type: 'text/plain; charset=utf-8' };
}

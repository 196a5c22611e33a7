import type { OssClient } from '../client.ts';
import { OssClientError, OssServiceError } from '../errors.ts';
import type { OssOperation, OssResponse } from '../operation.ts';
import { readBodyText } from '../transport.ts';
import { XmlCodecError } from '../xml/errors.ts';

/** What an operation needs from the client (so ops also run on `client.forRegion(r)`). */
export type OssInvoker = Pick<OssClient, 'invoke' | 'invokeText'>;

/** Per-call options every request takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Absolute time (ms since epoch) after which no attempt starts. */
  deadline?: number;
}

export interface BucketRequest extends CallOptions {
  bucket: string;
}

export interface ObjectRequest extends BucketRequest {
  key: string;
}

/** What every write/delete returns. */
export interface OssResult {
  requestId?: string;
}

/** Bytes of a success body we read to discard it before giving the connection back. */
const DRAIN_LIMIT = 64 * 1024;
const XML_CONTENT_TYPE = 'application/xml';

/** The op description fields shared by every call: the call options. */
export function callParts(request: CallOptions): Pick<OssOperation, 'signal' | 'deadline'> {
  return {
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.deadline !== undefined ? { deadline: request.deadline } : {}),
  };
}

/** A sub-resource query entry (`?website`). */
export function sub(name: string): readonly [string, string] {
  return [name, ''];
}

/** Sends `op` and parses its (small, text) body with `parse`; a codec failure is MALFORMED_RESPONSE. */
export async function invokeParsed<T>(client: OssInvoker, op: OssOperation, parse: (text: string) => T): Promise<T> {
  const res = await client.invokeText(op);
  return parseResponse(op.op, res.status, res.text, parse);
}

/** Parses a response body; a codec failure becomes OssClientError MALFORMED_RESPONSE naming the op. */
export function parseResponse<T>(op: string, status: number, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof XmlCodecError) {
      throw new OssClientError('MALFORMED_RESPONSE', `${op}: ${err.message}`, { op, status, cause: err });
    }
    throw err;
  }
}

/** Sends `op`, consumes whatever body came back, and returns the response headers. */
export async function invokeDrained(client: OssInvoker, op: OssOperation): Promise<Omit<OssResponse, 'body'>> {
  const res = await client.invoke(op);
  await drain(res);
  const { body: _body, ...rest } = res;
  return rest;
}

/** Reads and drops a response body (destroying it if it is unexpectedly large). */
export async function drain(res: OssResponse): Promise<void> {
  try {
    await readBodyText(res.body, DRAIN_LIMIT);
  } catch {
    res.body.destroy();
  }
}

/** An XML request body op part: content type, Content-MD5 (OSS requires it on some, harmless on all). */
export function xmlBody(op: string, toXml: () => string): Pick<OssOperation, 'body' | 'headers' | 'contentMd5'> {
  return { body: serialise(op, toXml), headers: { 'content-type': XML_CONTENT_TYPE }, contentMd5: true };
}

/** Runs a serialiser; a model it cannot write is the caller's INVALID_ARGUMENT. */
export function serialise(op: string, toXml: () => string): string {
  try {
    return toXml();
  } catch (err) {
    if (err instanceof XmlCodecError) throw invalidArgument(op, err.message, err);
    throw err;
  }
}

export function invalidArgument(op: string, message: string, cause?: unknown): OssClientError {
  return new OssClientError('INVALID_ARGUMENT', `${op}: ${message}`, { op, ...(cause ? { cause } : {}) });
}

export function requestIdOf(res: { requestId?: string }): OssResult {
  return res.requestId ? { requestId: res.requestId } : {};
}

/** True when `err` is an OSS service error with one of `codes` (e.g. 'NoSuchWebsiteConfiguration'). */
export function isOssErrorCode(err: unknown, ...codes: string[]): err is OssServiceError {
  return err instanceof OssServiceError && codes.includes(err.code);
}

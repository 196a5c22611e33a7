import { xmlEscape } from './xml-out.ts';

/** Extra elements of an OSS error body, in the order they are written (BucketName, Key, StringToSign...). */
export type ErrorFields = Record<string, string | undefined>;

/**
 * An OSS service error the emulator answers with: status, Code, Message, EC and extra fields,
 * rendered as OSS's `<Error>` XML (and `x-oss-ec`, plus `x-oss-err` for HEAD).
 */
export class OssEmulatorError extends Error {
  override readonly name = 'OssEmulatorError';
  readonly status: number;
  readonly code: string;
  readonly ec: string;
  readonly fields: ErrorFields;
  /** Extra response headers (e.g. ServerTime on RequestTimeTooSkewed). */
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, ec: string, fields: ErrorFields = {}, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.ec = ec;
    this.fields = fields;
    this.headers = headers;
  }
}

/** The emulator's error catalogue. ECs are OSS's where the docs show one, otherwise a stable stand-in. */
export const ossErrors = {
  noSuchBucket: (bucket: string) =>
    new OssEmulatorError(404, 'NoSuchBucket', 'The specified bucket does not exist.', '0015-00000101', { BucketName: bucket }),
  noSuchKey: (key: string) => new OssEmulatorError(404, 'NoSuchKey', 'The specified key does not exist.', '0026-00000001', { Key: key }),
  accessDenied: (message = 'AccessDenied', ec = '0003-00000001') => new OssEmulatorError(403, 'AccessDenied', message, ec),
  invalidArgument: (message: string, name?: string, value?: string, ec = '0016-00000001') =>
    new OssEmulatorError(400, 'InvalidArgument', message, ec, { ArgumentName: name, ArgumentValue: value }),
  malformedXml: (detail?: string) =>
    new OssEmulatorError(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
      '0016-00000608',
      { ErrorDetail: detail },
    ),
  invalidDigest: () =>
    new OssEmulatorError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', '0016-00000301'),
  invalidBucketName: (bucket: string) =>
    new OssEmulatorError(400, 'InvalidBucketName', 'The specified bucket is not valid.', '0015-00000001', { BucketName: bucket }),
  invalidObjectName: () => new OssEmulatorError(400, 'InvalidObjectName', 'The specified object is not valid.', '0016-00000005'),
  methodNotAllowed: (method: string) =>
    new OssEmulatorError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', '0016-00000002', { Method: method }),
  notImplemented: (what: string) =>
    new OssEmulatorError(501, 'NotImplemented', `${what} is not implemented by the ossedge emulator.`, '0000-00000501'),
  internal: () => new OssEmulatorError(500, 'InternalError', 'We encountered an internal error. Please try again.', '0000-00000500'),
  slowDown: () => new OssEmulatorError(503, 'SlowDown', 'Please reduce your request rate.', '0000-00000503'),
} as const;

const ERROR_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The `<Error>` body: Code, Message, RequestId, HostId, extra fields, EC (the order OSS uses). */
export function errorXml(err: OssEmulatorError, requestId: string, hostId: string): string {
  let out = `${ERROR_DECLARATION}<Error>\n  <Code>${err.code}</Code>\n  <Message>${xmlEscape(err.message)}</Message>\n`;
  out += `  <RequestId>${requestId}</RequestId>\n  <HostId>${xmlEscape(hostId)}</HostId>\n`;
  for (const [name, value] of Object.entries(err.fields)) {
    if (value !== undefined) out += `  <${name}>${xmlEscape(value)}</${name}>\n`;
  }
  return `${out}  <EC>${err.ec}</EC>\n</Error>\n`;
}

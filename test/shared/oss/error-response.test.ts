import { describe, expect, it } from 'vitest';
import { OssClientError, OssServiceError } from '../../../shared/oss/errors.ts';
import { parseErrorResponse } from '../../../shared/oss/error-response.ts';

const NO_SUCH_BUCKET = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchBucket</Code>
  <Message>The specified bucket does not exist.</Message>
  <RequestId>5C3D9175B6FC201293AD0000</RequestId>
  <HostId>test.oss-cn-hangzhou.aliyuncs.com</HostId>
  <BucketName>test</BucketName>
  <EC>0015-00000101</EC>
</Error>`;

function res(status: number, body: string, headers: Record<string, string> = {}) {
  return { op: 'GetBucketWebsite', status, headers, body };
}

describe('parseErrorResponse', () => {
  it('does build an OssServiceError with every field when the body is OSS error XML', () => {
    const err = parseErrorResponse(res(404, NO_SUCH_BUCKET, { 'content-type': 'application/xml' }));
    expect(err).toBeInstanceOf(OssServiceError);
    const e = err as OssServiceError;
    expect(e).toMatchObject({
      name: 'OssServiceError', status: 404, code: 'NoSuchBucket', ossMessage: 'The specified bucket does not exist.',
      requestId: '5C3D9175B6FC201293AD0000', hostId: 'test.oss-cn-hangzhou.aliyuncs.com', ec: '0015-00000101',
      op: 'GetBucketWebsite', fields: { BucketName: 'test' },
    });
    expect(e.message).toBe(
      'GetBucketWebsite: 404 NoSuchBucket: The specified bucket does not exist. (RequestId: 5C3D9175B6FC201293AD0000, EC: 0015-00000101)',
    );
  });

  it('does decode the base64 x-oss-err header when the body is empty (HEAD)', () => {
    const header = Buffer.from(NO_SUCH_BUCKET).toString('base64');
    const e = parseErrorResponse(res(404, '', { 'x-oss-err': header, 'x-oss-request-id': 'RID1' })) as OssServiceError;
    expect(e.code).toBe('NoSuchBucket');
    expect(e.ec).toBe('0015-00000101');
  });

  it('does fall back to the status, request id and EC headers when there is no body at all', () => {
    const e = parseErrorResponse(res(404, '', { 'x-oss-request-id': 'RID2', 'x-oss-ec': '0026-00000001' })) as OssServiceError;
    expect(e).toMatchObject({ code: 'NotFound', requestId: 'RID2', ec: '0026-00000001', status: 404 });
  });

  it('does read a JSON error body', () => {
    const body = JSON.stringify({ Error: { Code: 'AccessDenied', Message: 'no', RequestId: 'R3', EC: '0003-00000001' } });
    const e = parseErrorResponse(res(403, body, { 'content-type': 'application/json' })) as OssServiceError;
    expect(e).toMatchObject({ code: 'AccessDenied', requestId: 'R3', ec: '0003-00000001' });
  });

  it('does return MALFORMED_RESPONSE with status and a short excerpt when the body is not OSS XML', () => {
    const html = `<html><body>${'Bad gateway '.repeat(100)}</body></html>`;
    const e = parseErrorResponse(res(502, html, { 'content-type': 'text/html' })) as OssClientError;
    expect(e).toBeInstanceOf(OssClientError);
    expect(e.code).toBe('MALFORMED_RESPONSE');
    expect(e.status).toBe(502);
    expect(e.message).toContain('HTTP 502');
    expect(e.message).toContain('text/html');
    expect(e.message).toContain('<html><body>Bad gateway');
    expect(e.message.length).toBeLessThan(400);
    const broken = parseErrorResponse(res(500, '<Error><Code>X</Cod')) as OssClientError;
    expect(broken.code).toBe('MALFORMED_RESPONSE');
  });

  it('does keep signatures and tokens out of the error, even when the server echoes them', () => {
    const sig = 'a'.repeat(64);
    const token = 'CAIS-secret-sts-token-value';
    const body = NO_SUCH_BUCKET.replace('<EC>', `<SignatureProvided>${sig}</SignatureProvided><Echo>Signature=${sig}&amp;security-token=${token}</Echo><EC>`);
    const e = parseErrorResponse({ ...res(403, body), secrets: [token] }) as OssServiceError;
    const everything = JSON.stringify({ m: e.message, f: e.fields, o: e.ossMessage });
    expect(everything).not.toContain(sig);
    expect(everything).not.toContain(token);
    expect(e.fields.SignatureProvided).toBeUndefined();
  });
});

describe('parseErrorResponse on hostile bodies', () => {
  it('does decode the XML entities and character references of the error fields, and trim them', () => {
    const body = '<Error><Code> AccessDenied </Code><Message>a &amp; b &#x3C;c&#62; &quot;d&apos;</Message></Error>';
    expect(parseErrorResponse(res(403, body))).toMatchObject({ code: 'AccessDenied', ossMessage: 'a & b <c> "d\'' });
  });

  it('does refuse a DOCTYPE (entity expansion), an unknown entity or a bare "&" as not OSS error XML, never expanding anything', () => {
    const bomb = '<!DOCTYPE Error [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]><Error><Code>&y;</Code></Error>';
    for (const body of [bomb, '<Error><Code>X</Code><Message>&nbsp;</Message></Error>', '<Error><Code>A & B</Code></Error>', '<Error><Code>&#0;</Code></Error>']) {
      const e = parseErrorResponse(res(500, body)) as OssClientError;
      expect(e, body).toBeInstanceOf(OssClientError);
      expect(e.code).toBe('MALFORMED_RESPONSE');
      expect(e.message).not.toContain('xxxxxxxxxxxxxxxxxxxx');
    }
  });

  it('does refuse another root element and an Error without Code', () => {
    expect((parseErrorResponse(res(500, '<Fault><Code>X</Code></Fault>')) as OssClientError).code).toBe('MALFORMED_RESPONSE');
    expect((parseErrorResponse(res(500, '<Error><Message>m</Message></Error>')) as OssClientError).code).toBe('MALFORMED_RESPONSE');
  });

  it('does keep only text fields: a nested element is not a field', () => {
    const e = parseErrorResponse(res(400, '<Error><Code>InvalidArgument</Code><Detail><A>1</A></Detail><ArgumentName>x</ArgumentName></Error>')) as OssServiceError;
    expect(e.fields).toEqual({ ArgumentName: 'x' });
  });
});

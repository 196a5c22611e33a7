// FC3 event fixtures, copied from the shapes in shared/spec/fc3.md (§1.3 HTTP, §1.5 timer).
import type { FcContext } from '../../../shared/fc/types.ts';

export function httpEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 'v1',
    rawPath: '/example',
    body: 'Hello FC!',
    isBase64Encoded: false,
    headers: { 'Content-Type': 'text/plain', 'X-Fc-Log-Type': 'None', header1: 'value1', header2: 'value1,value2' },
    queryParameters: { parameter1: 'value1', parameter2: 'value1,value2' },
    requestContext: {
      accountId: '123456*********',
      domainName: '<http-trigger-id>.<region-id>.fcapp.run',
      domainPrefix: '<http-trigger-id>',
      http: { method: 'GET', path: '/example', protocol: 'HTTP/1.1', sourceIp: '11.11.11.**', userAgent: 'PostmanRuntime/7.32.3' },
      requestId: '1-64f6cd87-*************',
      time: '2023-09-05T06:41:11Z',
      timeEpoch: '1693896071895',
    },
    ...overrides,
  };
}

export const timerEvent = { triggerTime: '2018-02-09T05:49:00Z', triggerName: 'timer-trigger', payload: 'awesome-fc' };

export function toBuffer(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function fcContext(overrides: Partial<FcContext> = {}): FcContext {
  return {
    requestId: 'req-1',
    credentials: { accessKeyId: 'STS.ctx-ak', accessKeySecret: 'ctx-secret-value', securityToken: 'ctx-token-value' },
    function: { name: 'fixture-fn', handler: 'index.handler', memory: 256, timeout: 10 },
    region: 'cn-hangzhou',
    accountId: '1234567890',
    ...overrides,
  };
}

/** Collects JSON log lines. */
export function logSink(): { lines: string[]; write: (line: string) => void; parsed: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  return { lines, write: (l) => lines.push(l), parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { XmlCodecError } from '../../../../shared/oss/xml/errors.ts';
import type { CorsConfiguration } from '../../../../shared/oss/models/cors.ts';
import type { RefererConfiguration } from '../../../../shared/oss/models/referer.ts';
import type { WebsiteConfiguration } from '../../../../shared/oss/models/website.ts';

// The shared, read-only docs live beside the repository: <repo>/../shared.
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHARED_DIR = resolve(REPO_ROOT, '../shared');
export const CONFORMANCE_XML_DIR = join(SHARED_DIR, 'conformance/oss-xml');

export interface ConformanceEntry {
  file: string;
  operation: string;
  kind: 'request' | 'response' | 'error';
}

export function conformanceIndex(): ConformanceEntry[] {
  return JSON.parse(readFileSync(join(CONFORMANCE_XML_DIR, 'INDEX.json'), 'utf8')) as ConformanceEntry[];
}

export function conformanceFile(name: string): string {
  return readFileSync(join(CONFORMANCE_XML_DIR, name), 'utf8');
}

export function conformanceFiles(): string[] {
  return readdirSync(CONFORMANCE_XML_DIR).filter((f) => f !== 'INDEX.json');
}

export function sharedFile(path: string): string {
  return readFileSync(join(SHARED_DIR, path), 'utf8');
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The requests recorded in interop/ali-oss-requests.txt (both signing runs). */
export function aliOssRequests(): RecordedRequest[] {
  const text = sharedFile('interop/ali-oss-requests.txt');
  const out: RecordedRequest[] = [];
  for (const block of text.split(/^--- /m).slice(1)) {
    const cut = block.search(/^={5} /m);
    const chunk = cut >= 0 ? block.slice(0, cut) : block;
    const [head, ...rest] = chunk.split('\n\n');
    const [requestLine, ...headerLines] = head!.split('\n');
    const [method, path] = requestLine!.split(' ');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const i = line.indexOf(': ');
      if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 2);
    }
    out.push({ method: method!, path: path!, headers, body: rest.join('\n\n').replace(/\n+$/, '') });
  }
  return out;
}

/**
 * What the recording script gave ali-oss (putBucketWebsite / putBucketReferer / putBucketCORS), written
 * as our models: our XML (xml/interop) and our operations' requests (ops/interop) must match its bodies.
 */
export const RECORDED_WEBSITE: WebsiteConfiguration = {
  indexDocument: { suffix: 'index.html' },
  errorDocument: { key: 'error.html' },
  routingRules: [
    {
      ruleNumber: 1,
      condition: { keyPrefixEquals: 'examplefolder/', httpErrorCodeReturnedEquals: 404 },
      redirect: {
        redirectType: 'Mirror',
        mirrorURL: 'https://www.example.com/',
        mirrorPassQueryString: true,
        mirrorFollowRedirect: true,
        mirrorCheckMd5: true,
        mirrorHeaders: {
          passAll: true,
          pass: ['myheader-key1', 'myheader-key2'],
          remove: ['myheader-key3', 'myheader-key4'],
          set: [{ key: 'myheader-key5', value: 'myheader-value5' }],
        },
      },
    },
  ],
};
export const RECORDED_REFERER: RefererConfiguration = {
  allowEmptyReferer: true,
  refererList: ['http://www.aliyun.com', 'https://*.aliyun.com'],
};
export const RECORDED_CORS: CorsConfiguration = {
  rules: [{ allowedOrigin: ['*'], allowedMethod: ['GET', 'HEAD'], allowedHeader: ['*'], maxAgeSeconds: 1000 }],
};

/** Runs `fn`, expecting it to throw an XmlCodecError, and returns that error for further checks. */
export function codecError(fn: () => unknown): XmlCodecError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(XmlCodecError);
    return err as XmlCodecError;
  }
  throw new Error('expected an XmlCodecError');
}

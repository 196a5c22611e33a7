import type { ConfigIssue } from '../errors.ts';
import type { ParsedConfig } from '../parse.ts';
import { CONFIG_SHAPE } from '../shape/root.ts';
import { IssueCollector, isObj } from './collector.ts';
import { checkCors } from './cors.ts';
import { checkReferer } from './referer.ts';
import { checkShape } from './structure.ts';
import { checkWebsite } from './website.ts';
import { secretFreePrefix } from './secret-keys.ts';
import { formatPath } from '../path.ts';

/**
 * Every problem of a parsed config value, errors and warnings, in file order where possible.
 * Pass the ParsedConfig to get parse-time issues (duplicate keys) and line/column positions.
 */
export function validateConfig(input: ParsedConfig | { value: unknown }): ConfigIssue[] {
  const out = new IssueCollector();
  const value = input.value;
  if (!isObj(value)) {
    out.error([], 'CONFIG_TYPE', 'the config must be a mapping with "version" and "buckets"');
  } else {
    checkShape(value, CONFIG_SHAPE, [], out);
    if (isObj(value.defaults)) checkEndpoint(value.defaults.endpoint, out);
    if (isObj(value.buckets)) {
      for (const [name, bucket] of Object.entries(value.buckets)) {
        if (!isObj(bucket)) continue;
        const at = ['buckets', name];
        if (isObj(bucket.website)) checkWebsite(bucket.website, [...at, 'website'], out);
        if (isObj(bucket.cors)) checkCors(bucket.cors, [...at, 'cors'], out);
        if (isObj(bucket.referer)) checkReferer(bucket.referer, [...at, 'referer'], out);
      }
    }
  }
  const parsed = 'locate' in input ? (input as ParsedConfig) : undefined;
  const issues = out.entries.map(({ issue, atKey }) => {
    const pos = parsed?.locate(issue.segments, atKey) ?? (issue.code === 'CONFIG_REQUIRED' ? parsed?.locate(issue.segments.slice(0, -1), true) : undefined);
    return pos ? { ...issue, line: pos.line, column: pos.column } : issue;
  });
  const all = [...(parsed?.issues ?? []).map(hideSecretKey), ...issues];
  return all.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * A parse issue (a duplicate key) names its key in the path and the message; a key that may be a secret
 * written where a secret belongs (`{accessKeyId: AK, s3cr3t, s3cr3t}`) is not named: the issue points at
 * its mapping instead.
 */
function hideSecretKey(issue: ConfigIssue): ConfigIssue {
  const safe = secretFreePrefix(CONFIG_SHAPE, issue.segments);
  if (safe === undefined) return issue;
  const segments = issue.segments.slice(0, safe);
  return { ...issue, path: formatPath(segments), segments, message: 'a duplicate key (not shown: this mapping holds a secret)' };
}

/** An endpoint is a host (`oss-cn-hangzhou.aliyuncs.com`) or an http(s) URL (`http://127.0.0.1:9000`). */
function checkEndpoint(endpoint: unknown, out: IssueCollector): void {
  if (typeof endpoint !== 'string' || endpoint === '') return;
  const at = ['defaults', 'endpoint'];
  if (!endpoint.includes('://')) {
    if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(endpoint)) out.error(at, 'CONFIG_URL', 'must be a host name or an http:// or https:// URL');
    return;
  }
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '' || (url.pathname !== '/' && url.pathname !== '')) {
    out.error(at, 'CONFIG_URL', 'must be a host name or an http:// or https:// URL without credentials or path');
  }
}

export const hasErrors = (issues: readonly ConfigIssue[]): boolean => issues.some((i) => i.severity === 'error');

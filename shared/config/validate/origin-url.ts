import type { PathSegments } from '../path.ts';
import type { IssueCollector } from './collector.ts';

/**
 * An origin URL OSS fetches from: absolute http(s), a host, no credentials, and (for the base URLs
 * OSS appends the key to) a trailing "/". The value is never echoed when it carries credentials.
 */
export function checkOriginUrl(value: unknown, at: PathSegments, out: IssueCollector, needsTrailingSlash: boolean): void {
  if (typeof value !== 'string' || value === '') return; // structural check reports it
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    out.error(at, 'CONFIG_URL', 'must be an absolute http:// or https:// URL');
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    out.error(at, 'CONFIG_URL', `must be an absolute http:// or https:// URL, got scheme "${url.protocol.slice(0, -1)}"`);
    return;
  }
  if (url.hostname === '') out.error(at, 'CONFIG_URL', 'must name a host');
  if (url.username !== '' || url.password !== '') {
    out.error(at, 'CONFIG_URL', 'must not carry credentials (use mirrorAuth with an ${env:NAME} secret)');
  }
  if (url.search !== '' || url.hash !== '') out.error(at, 'CONFIG_URL', 'must not have a query string or fragment');
  if (needsTrailingSlash && !value.endsWith('/')) out.error(at, 'CONFIG_URL', 'must end with "/"');
}

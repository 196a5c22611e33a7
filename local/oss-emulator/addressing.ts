import { ossErrors } from './errors.ts';

/** Where a request points: bucket and key (decoded), and the decoded query in wire order. */
export interface Address {
  bucket?: string;
  /** undefined for service and bucket requests ('/bucket' or '/bucket/'). */
  key?: string;
  query: Array<[string, string]>;
  style: 'path' | 'virtual';
}

export const DEFAULT_SERVICE_HOSTS: readonly string[] = ['localhost', '127.0.0.1'];

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw ossErrors.invalidArgument('The request URI is not valid percent-encoding.', 'uri', undefined, '0016-00000004');
  }
}

export function parseQuery(raw: string): Array<[string, string]> {
  if (!raw) return [];
  const out: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    out.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return out;
}

/**
 * Virtual-hosted style when Host is `<bucket>.<service host>` for one of the configured service hosts;
 * anything else (an IP, localhost, a real OSS domain that ali-oss sends with sldEnable) is path style.
 */
export function addressOf(rawUrl: string, host: string | undefined, serviceHosts: readonly string[]): Address {
  const qi = rawUrl.indexOf('?');
  const rawPath = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
  const query = parseQuery(qi < 0 ? '' : rawUrl.slice(qi + 1));
  const path = decode(rawPath);
  if (!path.startsWith('/')) throw ossErrors.invalidArgument('The request URI must start with /.', 'uri', undefined, '0016-00000004');
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  for (const svc of serviceHosts) {
    if (hostname.length > svc.length + 1 && hostname.endsWith(`.${svc.toLowerCase()}`)) {
      const bucket = hostname.slice(0, hostname.length - svc.length - 1);
      const key = path.slice(1);
      return { bucket, key: key === '' ? undefined : key, query, style: 'virtual' };
    }
  }
  if (path === '/') return { query, style: 'path' };
  const slash = path.indexOf('/', 1);
  if (slash < 0) return { bucket: path.slice(1), query, style: 'path' };
  const key = path.slice(slash + 1);
  return { bucket: path.slice(1, slash), key: key === '' ? undefined : key, query, style: 'path' };
}

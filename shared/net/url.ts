import { NetError } from './errors.ts';

const SECRET_PARAM = /signature|token|secret|password|credential|auth/i;

/** A URL fit for errors and reports: no user info, and the values of signing/secret query parameters hidden. */
export function redactUrl(text: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(text);
  let url: URL;
  try {
    url = new URL(text, 'http://relative.invalid/');
  } catch {
    return text.replace(/[?#].*$/, '');
  }
  url.username = '';
  url.password = '';
  for (const key of [...url.searchParams.keys()]) if (SECRET_PARAM.test(key)) url.searchParams.set(key, 'REDACTED');
  return absolute ? url.href : `${text.replace(/[?#].*$/, '')}${url.search}`;
}

export function parseOriginUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (err) {
    throw new NetError('NET_INVALID_URL', `not a URL: ${redactUrl(text)}`, { url: redactUrl(text) }, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new NetError('NET_INVALID_URL', `not http(s): ${url.protocol}`, { url: redactUrl(text) });
  if (!url.hostname) throw new NetError('NET_INVALID_URL', `no host in ${redactUrl(text)}`, { url: redactUrl(text) });
  if (url.username || url.password) throw new NetError('NET_INVALID_URL', 'credentials in the URL are not allowed', { host: url.hostname });
  return url;
}


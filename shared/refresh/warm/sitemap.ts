// A sitemap.xml on the origin as a warm-up list: fetched through shared/net (the SSRF guard, DNS
// pinning, a time and size bound), its <loc> URLs read with a linear scan (no RegExp over the body) and
// mapped back to keys through the bucket's prefix rules. A sitemap index (<sitemapindex>) is refused:
// name its child sitemaps instead.
import { originRequest, readBody, type OriginRequestOptions } from '../../net/index.ts';
import { KeyListError, MAX_KEYS } from './key-list.ts';

/** The sitemap protocol's own bound (50 MB uncompressed). */
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;
export const SITEMAP_BUDGET_MS = 30_000;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

function unescapeXml(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const amp = s.indexOf('&', i);
    if (amp < 0) return out + s.slice(i);
    const semi = s.indexOf(';', amp);
    const entity = semi < 0 ? undefined : ENTITIES[s.slice(amp, semi + 1)];
    if (entity === undefined) throw new KeyListError('BAD_KEY_LIST', `sitemap: unsupported entity at ${amp}`);
    out += s.slice(i, amp) + entity;
    i = semi + 1;
  }
}

/** The <loc> values of a urlset, in document order. */
export function sitemapUrls(xml: string): string[] {
  if (xml.includes('<sitemapindex')) throw new KeyListError('BAD_KEY_LIST', 'a sitemap index: give its child sitemaps instead');
  const urls: string[] = [];
  let i = 0;
  for (;;) {
    const open = xml.indexOf('<loc>', i);
    if (open < 0) return urls;
    const close = xml.indexOf('</loc>', open + 5);
    if (close < 0) throw new KeyListError('BAD_KEY_LIST', 'sitemap: <loc> without </loc>');
    urls.push(unescapeXml(xml.slice(open + 5, close).trim()));
    if (urls.length > MAX_KEYS) throw new KeyListError('KEY_LIST_TOO_LARGE', `sitemap: more than ${MAX_KEYS} URLs`);
    i = close + 6;
  }
}

/** GETs the sitemap through the guard (allowPrivate and test seams in `net`) and returns its URLs. */
export async function fetchSitemap(url: string, net: Omit<OriginRequestOptions, 'maxBytes'> = {}): Promise<string[]> {
  const res = await originRequest(url, { budgetMs: SITEMAP_BUDGET_MS, followRedirects: true, ...net, maxBytes: MAX_SITEMAP_BYTES });
  if (res.status !== 200) {
    await res.dump();
    throw new KeyListError('KEY_LIST_NOT_FOUND', `sitemap answered ${res.status}`);
  }
  const body = await readBody(res.body, { keep: true, maxBytes: MAX_SITEMAP_BYTES });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.data!);
  } catch {
    throw new KeyListError('BAD_KEY_LIST', 'sitemap is not valid UTF-8');
  }
  return sitemapUrls(text);
}

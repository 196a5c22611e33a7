import { requireBucket, sendXml, type RequestContext } from './context.ts';
import { ossErrors } from './errors.ts';
import type { BucketEntry } from './store.ts';
import { compareKeys } from './sorted-keys.ts';
import type { StoredObject } from './types.ts';
import { XML_DECLARATION, isoTime, xmlEscape } from './xml-out.ts';

/**
 * ListObjects (V1, marker) and ListObjectsV2 (continuation-token, start-after, fetch-owner). One page
 * seeks once in the sorted key index and walks at most max-keys items; a common prefix is skipped with
 * one more seek, so a page costs O(log n + max-keys) whatever the bucket size.
 */

const DEFAULT_MAX_KEYS = 100;
const MAX_MAX_KEYS = 1000;

interface Page {
  contents: StoredObject[];
  prefixes: string[];
  truncated: boolean;
  /** The last item returned (key or common prefix), to resume after. */
  last?: { kind: 'k' | 'p'; value: string };
}

/** A string after every string that starts with `p` (and before the next one that does not). */
function prefixEnd(p: string): string | undefined {
  const last = p.charCodeAt(p.length - 1);
  if (p.length === 0 || last >= 0xd7ff) return undefined;
  return p.slice(0, -1) + String.fromCharCode(last + 1);
}

function listPage(entry: BucketEntry, prefix: string, delimiter: string, after: { kind: 'k' | 'p'; value: string } | undefined, maxKeys: number): Page {
  const cursor = entry.keys.cursor(prefix, false);
  let skipPrefix: string | undefined;
  if (after && compareKeys(after.value, prefix) >= 0) {
    if (after.kind === 'k') cursor.seek(after.value, true);
    else {
      const end = prefixEnd(after.value);
      cursor.seek(end ?? after.value, false);
      if (!end) skipPrefix = after.value;
    }
  }
  const page: Page = { contents: [], prefixes: [], truncated: false };
  let count = 0;
  for (;;) {
    const k = cursor.next();
    if (k === undefined || !k.startsWith(prefix)) return page;
    if (skipPrefix !== undefined && k.startsWith(skipPrefix)) continue;
    skipPrefix = undefined;
    if (count === maxKeys) {
      page.truncated = true;
      return page;
    }
    const idx = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
    if (idx >= 0) {
      const cp = k.slice(0, idx + delimiter.length);
      page.prefixes.push(cp);
      page.last = { kind: 'p', value: cp };
      const end = prefixEnd(cp);
      if (end) cursor.seek(end, false);
      else skipPrefix = cp;
    } else {
      page.contents.push(entry.objects.get(k)!);
      page.last = { kind: 'k', value: k };
    }
    count++;
  }
}

function maxKeysOf(ctx: RequestContext): number {
  const v = ctx.query.get('max-keys');
  if (v === undefined || v === '') return DEFAULT_MAX_KEYS;
  if (!/^\d+$/.test(v) || Number(v) > MAX_MAX_KEYS) throw ossErrors.invalidArgument('max-keys must be an integer in 0..1000.', 'max-keys', v, '0016-00000101');
  return Number(v);
}

function encodingOf(ctx: RequestContext): (s: string) => string {
  const e = ctx.query.get('encoding-type');
  if (e === undefined || e === '') return xmlEscape;
  if (e !== 'url') throw ossErrors.invalidArgument('encoding-type must be url.', 'encoding-type', e, '0016-00000102');
  return (s) => encodeURIComponent(s);
}

function contentsXml(objs: StoredObject[], enc: (s: string) => string, owner: string): string {
  let xml = '';
  for (const o of objs) {
    xml += `<Contents><Key>${enc(o.key)}</Key><LastModified>${isoTime(o.lastModified)}</LastModified><ETag>${o.etag}</ETag><Type>Normal</Type><Size>${o.size}</Size><StorageClass>Standard</StorageClass>${owner}</Contents>`;
  }
  return xml;
}

function prefixesXml(prefixes: string[], enc: (s: string) => string): string {
  return prefixes.map((p) => `<CommonPrefixes><Prefix>${enc(p)}</Prefix></CommonPrefixes>`).join('');
}

function ownerXml(ctx: RequestContext): string {
  return `<Owner><ID>${ctx.core.ownerId}</ID><DisplayName>${ctx.core.ownerId}</DisplayName></Owner>`;
}

export function encodeToken(last: { kind: 'k' | 'p'; value: string }): string {
  return Buffer.from(last.kind + last.value, 'utf8').toString('base64url');
}

function decodeToken(token: string): { kind: 'k' | 'p'; value: string } {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const kind = text[0];
  if ((kind !== 'k' && kind !== 'p') || encodeToken({ kind, value: text.slice(1) }) !== token) {
    throw ossErrors.invalidArgument('The continuation token provided is incorrect.', 'continuation-token', token, '0016-00000103');
  }
  return { kind, value: text.slice(1) };
}

export async function listObjectsV2(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const q = ctx.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = maxKeysOf(ctx);
  const enc = encodingOf(ctx);
  const token = q.get('continuation-token');
  const startAfter = q.get('start-after');
  const after = token ? decodeToken(token) : startAfter ? { kind: 'k' as const, value: startAfter } : undefined;
  const page = listPage(entry, prefix, delimiter, after, maxKeys);
  const owner = q.get('fetch-owner') === 'true' ? ownerXml(ctx) : '';
  let xml = `${XML_DECLARATION}<ListBucketResult><Name>${entry.state.name}</Name><Prefix>${enc(prefix)}</Prefix>`;
  if (token) xml += `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>`;
  xml += `<MaxKeys>${maxKeys}</MaxKeys><Delimiter>${enc(delimiter)}</Delimiter>`;
  if (startAfter) xml += `<StartAfter>${enc(startAfter)}</StartAfter>`;
  if (q.has('encoding-type')) xml += '<EncodingType>url</EncodingType>';
  xml += `<IsTruncated>${page.truncated}</IsTruncated>`;
  if (page.truncated && page.last) xml += `<NextContinuationToken>${encodeToken(page.last)}</NextContinuationToken>`;
  xml += contentsXml(page.contents, enc, owner) + prefixesXml(page.prefixes, enc);
  xml += `<KeyCount>${page.contents.length + page.prefixes.length}</KeyCount></ListBucketResult>`;
  sendXml(ctx, 200, xml);
}

export async function listObjects(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const q = ctx.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const marker = q.get('marker') ?? '';
  const maxKeys = maxKeysOf(ctx);
  const enc = encodingOf(ctx);
  // A NextMarker that is a common prefix resumes after every key under it.
  const markerIsPrefix = delimiter !== '' && marker.startsWith(prefix) && marker.indexOf(delimiter, prefix.length) === marker.length - delimiter.length;
  const page = listPage(entry, prefix, delimiter, marker ? { kind: markerIsPrefix ? 'p' : 'k', value: marker } : undefined, maxKeys);
  let xml = `${XML_DECLARATION}<ListBucketResult><Name>${entry.state.name}</Name><Prefix>${enc(prefix)}</Prefix><Marker>${enc(marker)}</Marker>`;
  xml += `<MaxKeys>${maxKeys}</MaxKeys><Delimiter>${enc(delimiter)}</Delimiter>`;
  if (q.has('encoding-type')) xml += '<EncodingType>url</EncodingType>';
  xml += `<IsTruncated>${page.truncated}</IsTruncated>`;
  if (page.truncated && page.last) xml += `<NextMarker>${enc(page.last.value)}</NextMarker>`;
  xml += contentsXml(page.contents, enc, ownerXml(ctx)) + prefixesXml(page.prefixes, enc);
  sendXml(ctx, 200, `${xml}</ListBucketResult>`);
}

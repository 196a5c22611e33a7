import type { ListObjectsPage, ObjectSummary } from './list-objects.ts';
import { GIVE_UP, readOwner, scanOrGiveUp, type Scanner } from './list-scan.ts';
import { toBoolean, toDate, toInteger } from './parse.ts';
import { unquoteEtag } from './schema.ts';

// Single-pass scanner for ListObjects(V2)'s `ListBucketResult` (a 1000-key page is ~200-300 KB);
// the subset it reads and how it hands everything else to the general codec: list-scan.ts.

const ROOT = 'ListBucketResult';
const STRING_FIELDS = new Map<string, string>([
  ['Name', 'name'],
  ['Prefix', 'prefix'],
  ['Marker', 'marker'],
  ['ContinuationToken', 'continuationToken'],
  ['Delimiter', 'delimiter'],
  ['StartAfter', 'startAfter'],
  ['EncodingType', 'encodingType'],
  ['NextMarker', 'nextMarker'],
  ['NextContinuationToken', 'nextContinuationToken'],
]);
const ENCODED_FIELDS = ['prefix', 'delimiter', 'startAfter', 'marker', 'nextMarker'] as const;

/**
 * The page of a ListObjects(V2) body, or `undefined` when the body is outside the scanner's subset
 * (then `listObjectsFromXml` uses the general codec, which parses it or throws XmlCodecError).
 */
export function scanListObjects(xml: string): ListObjectsPage | undefined {
  return scanOrGiveUp(xml, ROOT, readPage);
}

function readPage(s: Scanner): ListObjectsPage {
  const page: Record<string, unknown> = {};
  const contents: ObjectSummary[] = [];
  const commonPrefixes: string[] = [];
  for (let name = s.next(ROOT); name !== undefined; name = s.next(ROOT)) {
    if (name === 'Contents') contents.push(readObject(s));
    else if (name === 'CommonPrefixes') commonPrefixes.push(readPrefix(s));
    else if (name === 'IsTruncated') page.isTruncated = toBoolean(s.text(name), name);
    else if (name === 'MaxKeys') page.maxKeys = toInteger(s.text(name), name);
    else if (name === 'KeyCount') page.keyCount = toInteger(s.text(name), name);
    else if (STRING_FIELDS.has(name)) page[STRING_FIELDS.get(name)!] = s.text(name);
    else s.skip(name);
  }
  if (page.isTruncated === undefined) throw GIVE_UP;
  const out = { ...page, contents, commonPrefixes } as ListObjectsPage;
  if (out.encodingType?.toLowerCase() !== 'url') return out;
  for (const field of ENCODED_FIELDS) if (out[field] !== undefined) out[field] = urlDecode(out[field]);
  for (const o of contents) o.key = urlDecode(o.key);
  for (let i = 0; i < commonPrefixes.length; i++) commonPrefixes[i] = urlDecode(commonPrefixes[i]!);
  return out;
}

function readObject(s: Scanner): ObjectSummary {
  const o: Partial<ObjectSummary> = {};
  for (let name = s.next('Contents'); name !== undefined; name = s.next('Contents')) {
    switch (name) {
      case 'Key': o.key = s.text(name); break;
      case 'LastModified': o.lastModified = toDate(s.text(name), name); break;
      case 'ETag': o.etag = unquoteEtag(s.text(name)); break;
      case 'Type': o.type = s.text(name); break;
      case 'Size': o.size = toInteger(s.text(name), name); break;
      case 'StorageClass': o.storageClass = s.text(name); break;
      case 'Owner': o.owner = readOwner(s); break;
      case 'RestoreInfo': o.restoreInfo = s.text(name); break;
      case 'TransitionTime': o.transitionTime = toDate(s.text(name), name); break;
      default: s.skip(name);
    }
  }
  if (o.key === undefined || o.size === undefined) throw GIVE_UP;
  return o as ObjectSummary;
}

function readPrefix(s: Scanner): string {
  let prefix: string | undefined;
  for (let name = s.next('CommonPrefixes'); name !== undefined; name = s.next('CommonPrefixes')) {
    if (name === 'Prefix') prefix = s.text(name);
    else s.skip(name);
  }
  if (prefix === undefined) throw GIVE_UP;
  return prefix;
}

/** decodeURIComponent's URIError on bad percent-encoding makes the scan give up. */
function urlDecode(value: string): string {
  return value.includes('%') ? decodeURIComponent(value) : value;
}

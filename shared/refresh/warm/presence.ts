// Which keys of a sorted list are already in the bucket, from listings of their prefixes (a merge join
// with ListObjectsV2) instead of one HEAD per key: 5,000 keys of one folder cost 5 listings, not 5,000
// HEADs. Each listing starts just before the next wanted key, so folders with many other objects are
// skipped over rather than read through.
import { listObjectsV2Page } from '../../oss/ops/list.ts';
import type { OssInvoker } from '../../oss/ops/common.ts';
import type { ObjectSummary } from '../../oss/xml/list-objects.ts';
import { compareKeys } from '../keys.ts';

const PAGE = 1000;

/** The folder of a key ('' at the top): the prefix each listing is confined to. */
export const folderOf = (key: string): string => key.slice(0, key.lastIndexOf('/') + 1);

/** A string sorting just before `key` that is never a key we want: `key` without its last character. */
function justBefore(key: string): string {
  const last = key.charCodeAt(key.length - 1);
  return key.slice(0, key.length - (last >= 0xdc00 && last <= 0xdfff ? 2 : 1));
}

const later = (a: string, b: string) => (compareKeys(a, b) >= 0 ? a : b);

export interface PresenceResult {
  /** true at index i when keys[i] exists. */
  present: boolean[];
  /** The listing's summary of keys[i] (size, ETag, Last-Modified) when it exists. */
  objects: Array<ObjectSummary | undefined>;
  listCalls: number;
}

/** `keys` must be sorted with compareKeys and free of duplicates. */
export async function findPresent(client: OssInvoker, bucket: string, keys: readonly string[], deadline?: number): Promise<PresenceResult> {
  const present = new Array<boolean>(keys.length).fill(false);
  const objects = new Array<ObjectSummary | undefined>(keys.length);
  let listCalls = 0;
  let i = 0;
  let listedUpTo: string | undefined;
  while (i < keys.length) {
    const folder = folderOf(keys[i]!);
    const from = justBefore(keys[i]!);
    const startAfter = listedUpTo !== undefined && listedUpTo.startsWith(folder) ? later(listedUpTo, from) : from;
    const page = await listObjectsV2Page(client, { bucket, prefix: folder, startAfter, maxKeys: PAGE, ...(deadline ? { deadline } : {}) });
    listCalls++;
    const summaries = page.contents;
    const listed = summaries.map((o) => o.key);
    let j = 0;
    while (i < keys.length && folderOf(keys[i]!) === folder) {
      if (j >= listed.length) {
        if (page.isTruncated && listed.length > 0) break; // list on from the next wanted key
        // the folder's listing ended before this key: missing (an empty truncated page counts so too,
        // which costs at most a warm GET of a present key: that GET only reads it)
        i++;
        continue;
      }
      const c = compareKeys(keys[i]!, listed[j]!);
      if (c < 0) i++;
      else if (c === 0) {
        objects[i] = summaries[j];
        present[i++] = true;
        j++;
      } else j++;
    }
    listedUpTo = listed.length ? listed[listed.length - 1] : undefined;
  }
  return { present, objects, listCalls };
}

import type { WebsiteConfiguration } from '../../../shared/oss/models/website.ts';
import { encodeKeyPath } from '../../../shared/mirror/key-map.ts';
import { WEBSITE_ASSUMPTIONS } from './assumptions.ts';

/**
 * The key a website request reads first: the root ("") → the index document; `dir/` → `dir/<suffix>`
 * with SupportSubDir, else the root index document; any other key unchanged.
 */
export function websiteKeyFor(website: WebsiteConfiguration | undefined, key: string): string {
  const suffix = website?.indexDocument?.suffix;
  if (!suffix) return key;
  if (key === '') return suffix;
  if (!key.endsWith('/')) return key;
  return website?.indexDocument?.supportSubDir ? key + suffix : suffix;
}

export type SubDirStep =
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'serve'; key: string }
  | { kind: 'not-found' };

/**
 * IndexDocument Type for a missing key that does not end in "/" (SupportSubDir=true only; after the
 * routing rules, before the error document): 0 → 302 to `/key/` when key/index exists; 1 → 404;
 * 2 → the content of key/index when it exists.
 */
export function subDirStep(website: WebsiteConfiguration | undefined, key: string, exists: (key: string) => boolean): SubDirStep {
  const idx = website?.indexDocument;
  if (!idx?.suffix || !idx.supportSubDir || key === '' || key.endsWith('/')) return { kind: 'not-found' };
  const type = idx.type ?? 0;
  const candidate = `${key}/${idx.suffix}`;
  if (type === 1 || !exists(candidate)) return { kind: 'not-found' };
  if (type === 2) return { kind: 'serve', key: candidate };
  return { kind: 'redirect', status: WEBSITE_ASSUMPTIONS.subDirRedirectStatus, location: `/${encodeKeyPath(key, true)}/` };
}

/** The error document and its status for a website 404, when configured. */
export function errorDocument(website: WebsiteConfiguration | undefined): { key: string; status: number } | undefined {
  const doc = website?.errorDocument;
  if (!doc?.key) return undefined;
  return { key: doc.key, status: doc.httpStatus ?? WEBSITE_ASSUMPTIONS.defaultErrorStatus };
}

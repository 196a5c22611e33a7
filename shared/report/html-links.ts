/**
 * Where each dashboard page lives, relative to the dashboard folder, and relative links between them
 * (relative so the pages work from an OSS static website, a presigned folder copy or a local file).
 */
export const RUN_PAGE_ITEMS = 500;
export const ARCHIVE_PAGE_RUNS = 500;

const seg = (s: string) => encodeURIComponent(s);

/** `runs/<fn>/<runId>.html`, continuation pages `runs/<fn>/<runId>.p2.html`, ... */
export function runPagePath(fn: string, runId: string, page = 1): string {
  return `runs/${fn}/${runId}${page > 1 ? `.p${page}` : ''}.html`;
}

export function bucketPagePath(bucket: string): string {
  return `buckets/${bucket}.html`;
}

/** Archive page `k` (0-based) of a function: its runs number 500k … 500k+499, oldest first. */
export function historyPagePath(fn: string, k: number): string {
  return `history/${fn}/${k}.html`;
}

/** A path from the folder (as above) made relative to a page `depth` folders below the dashboard folder, URL-encoded per segment. */
export function href(path: string, depth: number): string {
  const [file, fragment] = path.split('#', 2) as [string, string | undefined];
  return `${'../'.repeat(depth)}${file.split('/').map(seg).join('/')}${fragment === undefined ? '' : `#${seg(fragment)}`}`;
}

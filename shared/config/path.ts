export type PathSegments = ReadonlyArray<string | number>;

const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** `['buckets', 'assets', 'website', 'routingRules', 3]` → `buckets.assets.website.routingRules[3]`. */
export function formatPath(segments: PathSegments): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

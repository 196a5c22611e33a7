/** Request headers as seen by OSS: names in any case; repeated values as arrays. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What rule matching needs to know about one request. */
export interface RuleMatchInput {
  /** Object key as OSS stores it (decoded, no leading "/"). */
  key: string;
  /** The status OSS would answer without routing rules (404 for a missing object, 200 when present). */
  httpStatus: number;
  headers?: HeaderBag;
}

/** Origin outcome class (spec §3.1: 200/206 success, 404 not found, anything else fails). */
export type OriginVerdict =
  | { kind: 'success' }
  | { kind: 'not-found' }
  | { kind: 'follow'; location: string }
  | { kind: 'return-redirect'; location: string }
  | { kind: 'failure'; reason: string; tooManyRedirects?: boolean };

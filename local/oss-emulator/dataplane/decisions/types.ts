/**
 * A decision table row: one data-plane behaviour of OSS, the documents it comes from (each quoted, not
 * paraphrased), and a scenario that drives it through a data plane (the emulator in tests, real OSS with
 * `npm run conformance`). Tests and the conformance run are generated from these rows, never from the code
 * that implements them.
 */

/** A document and the sentence(s) of it the row rests on. */
export interface Source {
  doc: string;
  url: string;
  /** Words of the document, copied; `…` marks a cut. */
  quote: string;
}

/** Paths of the scripted origin (conformance/scripted-origin.ts), one behaviour each. */
export type OriginScript =
  | 'ok'
  | 'md5-bad'
  | 'echo-host'
  | 'vhost'
  /** 302 to the same path under `ok` (MirrorFollowRedirect rows). */
  | 'redirect-ok'
  | `status-${number}`;

/** Builds a MirrorURL for a script: `<origin>/s/<script>/<run>/`. */
export type OriginUrl = (script: OriginScript) => string;

/** PutBucketWebsite in ali-oss's form (`routingRules` in XML element names). */
export interface WebsiteSetup {
  index?: string;
  error?: string;
  routingRules?: Array<Record<string, unknown>>;
}

export interface BucketSetup {
  acl: 'private' | 'public-read' | 'public-read-write';
  /** `privateOrigin` is the URL (ending in "/") of a second, private bucket holding `privateOriginObjects`. */
  website?: (origin: OriginUrl, privateOrigin: string) => WebsiteSetup;
  /** Objects of a private bucket the driver creates beside the row's bucket (an OSS origin read with a role). */
  privateOriginObjects?: Record<string, string>;
  referer?: { allowEmpty: boolean; referers: string[] };
  /** Objects written (signed) before the steps. */
  objects?: Record<string, string>;
}

export type Auth = 'anonymous' | 'presigned' | 'signed';

export interface Expectation {
  status: number;
  /** OSS error Code (from the XML body, or x-oss-err on HEAD). */
  code?: string;
  ec?: string;
  /** The body, exactly. */
  body?: string;
  /** The body is `host=<Host the origin saw>`: the origin's own host, or the Host the client sent to OSS. */
  originSawHost?: 'origin' | 'bucket';
  /** The Location header, exactly. */
  location?: string;
  /** The Location header points at the scripted origin. */
  locationAtOrigin?: boolean;
  /** After the step, whether the key exists in the bucket (a signed listing). */
  stored?: boolean;
}

export type Step =
  | { kind: 'object'; method: 'GET' | 'HEAD' | 'PUT' | 'DELETE'; key: string; auth: Auth; referer?: string; body?: string; expect: Expectation }
  /** A signed PutBucketReferer with this XML body (control-plane rows). */
  | { kind: 'put-referer-xml'; xml: string; expect: Expectation };

export interface DecisionRow {
  /** Stable id, e.g. M-FAILOVER-DEFAULT-403. */
  id: string;
  /** What OSS does, in one sentence. */
  decision: string;
  sources: Source[];
  /** Where documents disagree: which ones, and which this row follows. */
  conflict?: string;
  /** Where the emulator implements it (for the README). */
  where: string;
  bucket: BucketSetup;
  steps: Step[];
}

/** A choice made where the documents are silent (README "Data plane assumptions"). */
export interface ChoiceNote {
  id: string;
  choice: string;
  /** The source, or "no source" and what it rests on. */
  why: string;
  where: string;
}

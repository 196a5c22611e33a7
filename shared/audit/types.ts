import type { CorsConfiguration } from '../oss/models/cors.ts';
import type { RefererConfiguration } from '../oss/models/referer.ts';
import type { WebsiteConfiguration } from '../oss/models/website.ts';
import type { Severity } from '../report/model.ts';

/** What the inventory read of one bucket; `undefined` = could not be read (an error was recorded). */
export interface BucketInventory {
  name: string;
  region: string;
  acl?: string;
  /** Parsed bucket policy; null when the bucket has none. */
  policy?: unknown;
  blockPublicAccess?: boolean;
  referer?: RefererConfiguration;
  /** null when the bucket has no website configuration. */
  website?: WebsiteConfiguration | null;
  /** null when the bucket has no CORS configuration. */
  cors?: CorsConfiguration | null;
  /** Custom domains bound to the bucket (ListCname). */
  cnames?: string[];
}

/** One finding of audit-referer (a report item with a severity). */
export interface Finding {
  bucket: string;
  code: string;
  severity: Severity;
  message: string;
  hint: string;
  /** The list entry, domain or rule the finding is about; part of the finding's identity. */
  target?: string;
  data?: Record<string, unknown>;
}

/** Why a bucket is readable by anyone (empty when it is not). */
export interface Exposure {
  readable: boolean;
  writable: boolean;
  /** e.g. `acl:public-read`, `policy`, `website`. */
  reasons: string[];
  /** Block Public Access stops what the reasons would allow. */
  blocked: boolean;
}

// What `ossedge doctor` checks, from its flags and the environment the functions are deployed with.
import type { OssClient } from '../../../shared/oss/client.ts';
import type { CredentialsProvider } from '../../../shared/oss/credentials/types.ts';

export interface DoctorSettings {
  env: NodeJS.ProcessEnv;
  credentials: CredentialsProvider;
  oss: OssClient;
  /** The region the buckets and functions should be in (OSSEDGE_REGION, else --region / OSS_REGION); undefined: not compared. */
  region?: string;
  /** OSSEDGE_CONFIG: `oss://bucket/key`. */
  config?: string;
  /** OSSEDGE_REPORTS: `oss://bucket/prefix/`. */
  reports?: string;
  /** FC: the account the functions are in and the API endpoint; undefined when neither is known. */
  fc?: { accountId: string; region: string; endpoint: string };
  webhookUrl?: string;
  /** OSSEDGE_WEBHOOK_SECRET (environment only: a flag would show in the process list). */
  webhookSecret?: string;
  /** Per network call of the checks that have no timeout of their own. */
  timeoutMs: number;
}

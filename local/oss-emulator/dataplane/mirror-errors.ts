import { OssEmulatorError } from '../errors.ts';
import type { OriginAttempt } from './origin-fetch.ts';

/**
 * 424 MirrorFailed as OSS words it (the "HTTP status code 424" help page) with the ECs of the help
 * pages 0041-00000101 (origin status other than 200/206/404) and 0041-00000104 (origin cannot be
 * read: unreachable, DNS, TLS). Cases without a documented EC use a stand-in.
 */
export const MIRROR_ERRORS = Object.freeze({
  badStatus: { message: 'Mirroring failed, please check your mirror configuration', ec: '0041-00000101' },
  unreadable: { message: 'Read body from mirror host failed, please check your mirror host', ec: '0041-00000104' },
  shortBody: { message: 'Bytes read is not equal to expected', ec: '0000-00000424' },
  // MirrorUsingRole with a role OSS cannot assume: no document gives the wording or EC (decision row M-ROLE-MISSING).
  noRole: { message: 'The role of the mirror rule does not exist or cannot be assumed by OSS.', ec: '0000-00000424' },
});

export type MirrorErrorKind = keyof typeof MIRROR_ERRORS;

export function mirrorFailed(kind: MirrorErrorKind): OssEmulatorError {
  const { message, ec } = MIRROR_ERRORS[kind];
  return new OssEmulatorError(424, 'MirrorFailed', message, ec);
}

/** The error for a failover that ran out of origins: the last origin's failure decides the wording. */
export function mirrorFailedAfter(attempts: readonly OriginAttempt[]): OssEmulatorError {
  const last = attempts[attempts.length - 1];
  return mirrorFailed(last?.status === undefined ? 'unreadable' : 'badStatus');
}

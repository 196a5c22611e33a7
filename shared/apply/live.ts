import type { LiveBucketSettings, SectionName } from '../config/index.ts';
import { getBucketCors, getBucketReferer, getBucketWebsite, isOssErrorCode, type CallOptions, type OssInvoker } from '../oss/index.ts';

export const ALL_SECTIONS: readonly SectionName[] = ['website', 'cors', 'referer'];

/**
 * One GET per section asked (concurrently): website and CORS read as `null` when OSS has none
 * (NoSuchWebsiteConfiguration / NoSuchCORSConfiguration); Referer always answers.
 */
export async function readLiveSettings(
  client: OssInvoker, bucket: string, sections: readonly SectionName[] = ALL_SECTIONS, call: CallOptions = {},
): Promise<LiveBucketSettings> {
  const want = new Set(sections);
  const [website, cors, referer] = await Promise.all([
    want.has('website') ? getBucketWebsite(client, { bucket, ...call }).catch(absentAs(null, 'NoSuchWebsiteConfiguration')) : null,
    want.has('cors') ? getBucketCors(client, { bucket, ...call }).catch(absentAs(null, 'NoSuchCORSConfiguration')) : null,
    want.has('referer') ? getBucketReferer(client, { bucket, ...call }) : undefined,
  ]);
  return { website, cors, ...(referer === undefined ? {} : { referer }) };
}

function absentAs<T>(value: T, code: string) {
  return (err: unknown): T => {
    if (isOssErrorCode(err, code)) return value;
    throw err;
  };
}

/** The sections a bucket of the file manages (absent sections are never read nor written). */
export function managedSections(b: { website?: unknown; cors?: unknown; referer?: unknown }): SectionName[] {
  return ALL_SECTIONS.filter((s) => b[s] !== undefined);
}

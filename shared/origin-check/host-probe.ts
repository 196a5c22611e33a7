import type { OriginResponse } from '../net/origin-request.ts';
import { redactUrl } from '../net/origin-request.ts';
import { hostPassedHint } from './header-rules.ts';
import type { CheckOutcome } from './check.ts';

type Header = string | string[] | undefined;
const first = (h: Header): string | undefined => (Array.isArray(h) ? h[0] : h);

/** What decides whether two answers are the same object: status and validators. */
function facts(res: OriginResponse): { status: number; etag?: string; lastModified?: string } {
  const out: { status: number; etag?: string; lastModified?: string } = { status: res.status };
  const etag = first(res.headers.etag);
  const lastModified = first(res.headers['last-modified']);
  if (etag) out.etag = etag;
  if (lastModified) out.lastModified = lastModified;
  return out;
}

/**
 * A rule that passes the bucket's Host (PassAll without removing host, or Pass host) works only with an
 * origin that ignores Host. Decided empirically, for any origin (virtual hosts, CDNs, OSS): the sample key
 * asked once with the origin's own Host (`own`) and once with the Host OSS would pass; a different status
 * or different validators mean the origin routes by Host, so OSS would get another answer than this check.
 */
export async function hostRoutingOutcome(key: string, url: string, bucketHost: string, own: OriginResponse,
  askWithHost: (host: string) => Promise<OriginResponse>): Promise<CheckOutcome> {
  const passed = await askWithHost(bucketHost);
  await passed.dump();
  const a = facts(own);
  const b = facts(passed);
  const target = redactUrl(url);
  const data = { ownHost: a, bucketHost: { host: bucketHost, ...b } };
  if (a.status === b.status && a.etag === b.etag && a.lastModified === b.lastModified) {
    return { status: 'ok', code: 'HOST_IGNORED', target, data, message: `${key}: the origin answers the same with the bucket's Host (${bucketHost}) as with its own` };
  }
  return { status: 'fail', code: 'HOST_ROUTED', target, data, hint: hostPassedHint(),
    message: `${key}: the rule passes the bucket's Host and the origin answers it differently (${b.status}${b.etag ? ` ${b.etag}` : ''} with Host ${bucketHost}, ${a.status}${a.etag ? ` ${a.etag}` : ''} with its own): OSS would not get the object this check sees` };
}

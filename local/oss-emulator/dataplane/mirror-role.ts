import type { Credentials } from '../../../shared/oss/credentials/types.ts';
import { BUCKET_NAME_SOURCE } from '../../../shared/oss/endpoint.ts';
import type { RoutingRuleRedirect } from '../../../shared/oss/models/website.ts';
import { signV4 } from '../../../shared/oss/signer/v4.ts';

/**
 * MirrorUsingRole: OSS reads a private origin bucket signed as a RAM role (scenario 4 of the mirroring guide;
 * the console's default role is AliyunOSSMirrorDefaultRole with AliyunOSSReadOnlyAccess). The emulator has
 * no RAM: a role store (dataPlaneOptions.mirrorRoles) maps role names to the keys that act for them.
 */
export const DEFAULT_MIRROR_ROLE = 'AliyunOSSMirrorDefaultRole';

export type MirrorRoleStore = Readonly<Record<string, Credentials>>;

/** Signs one origin request: the headers to add (Authorization, x-oss-date...). */
export type OriginSigner = (url: string, headers: Readonly<Record<string, string>>) => Record<string, string>;

const VIRTUAL_HOST = new RegExp(`^(${BUCKET_NAME_SOURCE})\\.oss-([a-z0-9-]{2,40}?)(?:-internal)?\\.aliyuncs\\.com$`);

/** The role a rule reads its origin as, or undefined without MirrorUsingRole. */
export function mirrorRoleOf(redirect: RoutingRuleRedirect): string | undefined {
  if (redirect.mirrorUsingRole !== true) return undefined;
  return redirect.mirrorRole || DEFAULT_MIRROR_ROLE;
}

/** Bucket, key, query and region of an OSS origin URL: virtual-hosted on *.aliyuncs.com, else path style. */
function ossTarget(url: URL, defaultRegion: string): { bucket: string; key: string; region: string; query: Array<[string, string]> } | undefined {
  const query = [...url.searchParams.entries()];
  const path = url.pathname.slice(1);
  const virtual = VIRTUAL_HOST.exec(url.hostname);
  try {
    if (virtual) return { bucket: virtual[1]!, key: decodeURIComponent(path), region: virtual[2]!, query };
    const slash = path.indexOf('/');
    if (slash <= 0) return undefined;
    return { bucket: path.slice(0, slash), key: decodeURIComponent(path.slice(slash + 1)), region: defaultRegion, query };
  } catch {
    return undefined;
  }
}

/**
 * The signer for a rule's origin requests: undefined when the rule does not use a role, 'missing' when the
 * role is not in the store (the mirror then fails), else V4 signing as the role.
 */
export function roleSigner(redirect: RoutingRuleRedirect, roles: MirrorRoleStore | undefined, region: string, now: () => number): OriginSigner | 'missing' | undefined {
  const role = mirrorRoleOf(redirect);
  if (role === undefined) return undefined;
  const credentials = roles && Object.hasOwn(roles, role) ? roles[role] : undefined;
  if (!credentials) return 'missing';
  return (url, headers) => {
    const target = ossTarget(new URL(url), region);
    if (!target) return {};
    const request = { method: 'GET', bucket: target.bucket, key: target.key, query: target.query, headers };
    return signV4({ request, credentials, time: new Date(now()), region: target.region }).headers;
  };
}

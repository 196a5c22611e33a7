import type { BucketInventory, Exposure } from './types.ts';

const READ_ACTIONS = new Set(['*', 'oss:*', 'oss:get*', 'oss:getobject']);

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Whether a bucket policy lets anyone read objects: an Allow statement for Principal `*` over
 * GetObject (or a wildcard covering it) without a Condition. A conditioned statement (source IP, VPC,
 * Referer...) is not counted: it does not open the bucket to every site.
 */
export function policyGrantsAnonymousRead(policy: unknown): boolean {
  const statements = asList((policy as { Statement?: unknown } | null)?.Statement);
  return statements.some((s) => {
    const st = s as { Effect?: unknown; Principal?: unknown; Action?: unknown; Condition?: unknown } | null;
    if (!st || st.Effect !== 'Allow') return false;
    if (st.Condition !== undefined && st.Condition !== null && Object.keys(st.Condition as object).length > 0) return false;
    const principals = asList(st.Principal).flatMap((p) => (p && typeof p === 'object' ? asList((p as Record<string, unknown>).RAM ?? Object.values(p)) : [p]));
    if (!principals.includes('*')) return false;
    return asList(st.Action).some((a) => typeof a === 'string' && READ_ACTIONS.has(a.toLowerCase()));
  });
}

/** Why anyone can read the bucket: public ACL, an anonymous-read policy, or a website — unless Block Public Access stops it. */
export function exposureOf(inv: BucketInventory): Exposure {
  const reasons: string[] = [];
  if (inv.acl === 'public-read' || inv.acl === 'public-read-write') reasons.push(`acl:${inv.acl}`);
  if (inv.policy && policyGrantsAnonymousRead(inv.policy)) reasons.push('policy');
  if (inv.website) reasons.push('website');
  const blocked = inv.blockPublicAccess === true;
  return { readable: reasons.length > 0 && !blocked, writable: inv.acl === 'public-read-write' && !blocked, reasons, blocked };
}

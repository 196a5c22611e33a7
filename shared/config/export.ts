import type { CorsConfiguration } from '../oss/models/cors.ts';
import type { RefererConfiguration } from '../oss/models/referer.ts';
import type { WebsiteConfiguration } from '../oss/models/website.ts';
import { envRef, isSecretEnvName, SECRET_ENV_PREFIX } from './secrets.ts';
import { BUCKET_SHAPE, CONFIG_SHAPE } from './shape/root.ts';
import type { Shape } from './shape/types.ts';

/** One live bucket as read by the ops (null = OSS has none; referer undefined = not exported). */
export interface ExportBucket {
  name: string;
  region?: string;
  website: WebsiteConfiguration | null;
  cors: CorsConfiguration | null;
  referer?: RefererConfiguration | null;
}

export interface ExportOptions {
  defaults?: { region?: string; endpoint?: string };
  /** Environment variable name for a rule's mirror auth secret (default OSSEDGE_SECRET_<BUCKET>_<RULE>; must keep that prefix). */
  secretEnvName?: (bucket: string, ruleNumber: number) => string;
  /** When a bucket has no website/CORS configuration: `null` (must not exist, the default) or leave the section out. */
  absentAs?: 'null' | 'omit';
}

export const defaultSecretEnvName = (bucket: string, ruleNumber: number): string =>
  `${SECRET_ENV_PREFIX}${bucket.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${ruleNumber}`;

/**
 * Live settings → ossedge.yaml text for `ossedge export`. The result validates and plans empty
 * against the same live settings (when they meet OSS's own rules): keys follow the file's field
 * order, empty strings and lists are left out, ruleNumber is written only when the live numbers are
 * not 1..n, and every mirror auth secret becomes a `${env:NAME}` reference with a comment (OSS never
 * returns the secret, and it never belongs in the file).
 */
export async function exportConfig(buckets: readonly ExportBucket[], options: ExportOptions = {}): Promise<string> {
  const envName = options.secretEnvName ?? defaultSecretEnvName;
  const secrets: Array<{ path: (string | number)[]; name: string }> = [];
  const out: Record<string, unknown> = { version: 1 };
  if (options.defaults && Object.keys(options.defaults).length > 0) out.defaults = { ...options.defaults };
  const map: Record<string, unknown> = {};
  for (const b of buckets) {
    const bucket: Record<string, unknown> = {};
    if (b.region !== undefined) bucket.region = b.region;
    if (b.website !== null) bucket.website = exportWebsite(b.website, b.name, envName, secrets);
    else if (options.absentAs !== 'omit') bucket.website = null;
    if (b.cors !== null) bucket.cors = b.cors;
    else if (options.absentAs !== 'omit') bucket.cors = null;
    if (b.referer !== undefined) bucket.referer = b.referer;
    map[b.name] = tidy(bucket, BUCKET_SHAPE);
  }
  out.buckets = map;
  // the YAML library is loaded only when something is exported (cold starts never need it)
  const { Document } = await import('yaml');
  const doc = new Document(tidy(out, CONFIG_SHAPE));
  doc.commentBefore = ' ossedge.yaml exported from live buckets. Plan it before editing: the plan is empty.';
  for (const s of secrets) {
    const node = doc.getIn(s.path, true) as { comment?: string } | undefined;
    if (node) node.comment = ` set ${s.name} to the origin's secret at run time (OSS never returns it)`;
  }
  return doc.toString({ lineWidth: 0 });
}

function exportWebsite(
  website: WebsiteConfiguration,
  bucket: string,
  envName: (bucket: string, ruleNumber: number) => string,
  secrets: Array<{ path: (string | number)[]; name: string }>,
): Record<string, unknown> {
  const rules = [...(website.routingRules ?? [])].sort((a, b) => (a.ruleNumber ?? 0) - (b.ruleNumber ?? 0));
  const positional = rules.every((r, i) => r.ruleNumber === i + 1);
  const exported = rules.map((rule, i) => {
    const copy: Record<string, unknown> = structuredClone(rule) as unknown as Record<string, unknown>;
    if (positional) delete copy.ruleNumber;
    const auth = rule.redirect.mirrorAuth;
    if (auth && (auth.accessKeySecret !== undefined || auth.accessKeyId !== undefined)) {
      const name = envName(bucket, rule.ruleNumber ?? i + 1);
      // the file must validate, and validation takes only this prefix
      if (!isSecretEnvName(name)) throw new Error(`export: secret variable names must start with ${SECRET_ENV_PREFIX}`);
      (copy.redirect as { mirrorAuth: Record<string, unknown> }).mirrorAuth.accessKeySecret = envRef(name);
      secrets.push({ path: ['buckets', bucket, 'website', 'routingRules', i, 'redirect', 'mirrorAuth', 'accessKeySecret'], name });
    }
    return copy;
  });
  const out: Record<string, unknown> = { ...website };
  if (rules.length > 0) out.routingRules = exported;
  return out;
}

/** Orders keys as the file's shape lists them and drops what the file cannot say (undefined, '', []). */
function tidy(value: unknown, shape: Shape | undefined): unknown {
  if (shape?.kind === 'nullable') return value === null ? null : tidy(value, shape.of);
  if (Array.isArray(value)) return value.map((v) => tidy(v, shape?.kind === 'list' ? shape.items : undefined));
  if (typeof value !== 'object' || value === null) return value;
  const src = value as Record<string, unknown>;
  if (shape?.kind === 'map') return Object.fromEntries(Object.entries(src).map(([k, v]) => [k, tidy(v, shape.values)]));
  const fields = shape?.kind === 'object' ? shape.fields : {};
  const keys = [...Object.keys(fields).filter((k) => k in src), ...Object.keys(src).filter((k) => !(k in fields))];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = src[k];
    if (v === undefined || (v === '' && !(fields[k]?.kind === 'string' && fields[k].allowEmpty))) continue;
    if (Array.isArray(v) && v.length === 0 && k !== 'refererList') continue;
    out[k] = tidy(v, fields[k]);
  }
  return out;
}

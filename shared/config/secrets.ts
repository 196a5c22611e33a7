import type { WebsiteConfiguration } from '../oss/models/website.ts';
import { ConfigError } from './errors.ts';
import type { ConfigIssue } from './errors.ts';
import { formatPath } from './path.ts';
import type { PathSegments } from './path.ts';
import { SECRET_ENV_PREFIX } from './shape/types.ts';
import type { OssedgeConfig } from './types.ts';

export { SECRET_ENV_PREFIX };

const ENV_REF = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
/** Field names that hold secrets anywhere in a model. */
export const SECRET_FIELDS: readonly string[] = ['accessKeySecret'];
export const REDACTED = '[redacted]';

/** The NAME of a `${env:NAME}` reference, or undefined. */
export function envRefName(value: unknown): string | undefined {
  return typeof value === 'string' ? ENV_REF.exec(value)?.[1] : undefined;
}

export const envRef = (name: string): string => `\${env:${name}}`;

/** true for a variable a config may read: `OSSEDGE_SECRET_<NAME>`, never the function's own settings. */
export const isSecretEnvName = (name: string): boolean => name.length > SECRET_ENV_PREFIX.length && name.startsWith(SECRET_ENV_PREFIX);

/** The `OSSEDGE_SECRET_*` entries of `env`: all a config's `${env:NAME}` may read (a run never sees the rest). */
export function secretEnvOf(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => isSecretEnvName(e[0]) && typeof e[1] === 'string'));
}

/** Every environment variable a config refers to, so a run can check them before any request. */
export function secretEnvNames(config: OssedgeConfig): string[] {
  const names = new Set<string>();
  for (const b of config.buckets) {
    for (const rule of b.website?.config.routingRules ?? []) {
      const name = envRefName(rule.redirect.mirrorAuth?.accessKeySecret);
      if (name !== undefined) names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * One issue per `${env:NAME}` secret reference whose variable has no value in `env`, with the path of the
 * reference in the file. `severity` says what it means to the run: an error for a run that writes (it would
 * send no secret), a warning for a plan (CI plans rarely hold production secrets).
 */
export function unresolvedSecretIssues(config: OssedgeConfig, env: Readonly<Record<string, string | undefined>>, severity: ConfigIssue['severity']): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const b of config.buckets) {
    (b.website?.config.routingRules ?? []).forEach((rule, i) => {
      const name = envRefName(rule.redirect.mirrorAuth?.accessKeySecret);
      if (name === undefined || (env[name] !== undefined && env[name] !== '')) return;
      const segments = ['buckets', b.name, 'website', 'routingRules', b.website!.ruleMeta[i]?.fileIndex ?? i, 'redirect', 'mirrorAuth', 'accessKeySecret'];
      const message = severity === 'error'
        ? `environment variable ${name} is not set`
        : `environment variable ${name} is not set here: the plan goes on without it, an apply refuses the config until it is set`;
      issues.push({ path: formatPath(segments), segments, message, severity, code: 'CONFIG_SECRET_UNRESOLVED' });
    });
  }
  return issues;
}

/**
 * A copy of `website` with every `${env:NAME}` secret replaced by its value from the injected `env`
 * (call it right before PutBucketWebsite, never before printing). Values that are not references
 * (foreign rules in merge mode) are left as they are. Throws CONFIG_SECRET_NAME for a reference outside
 * `OSSEDGE_SECRET_`, else CONFIG_SECRET_UNRESOLVED naming every missing variable; no value is ever part
 * of the error.
 */
export function resolveWebsiteSecrets(
  website: WebsiteConfiguration,
  env: Readonly<Record<string, string | undefined>>,
  at: PathSegments = ['website'],
): WebsiteConfiguration {
  const issues: ConfigIssue[] = [];
  const rules = (website.routingRules ?? []).map((rule, i) => {
    const auth = rule.redirect.mirrorAuth;
    const name = envRefName(auth?.accessKeySecret);
    if (auth === undefined || name === undefined) return rule;
    const segments = [...at, 'routingRules', i, 'redirect', 'mirrorAuth', 'accessKeySecret'];
    // validation refuses these already; the resolver refuses them again so that no path around
    // validation can ever turn the function's own keys into a mirror secret
    if (!isSecretEnvName(name)) {
      issues.push({ path: formatPath(segments), segments, message: `${name} is not a ${SECRET_ENV_PREFIX}<NAME> variable`, severity: 'error', code: 'CONFIG_SECRET_NAME' });
      return rule;
    }
    const value = env[name];
    if (value === undefined || value === '') {
      issues.push({
        path: formatPath(segments),
        segments,
        message: `environment variable ${name} is not set`,
        severity: 'error',
        code: 'CONFIG_SECRET_UNRESOLVED',
      });
      return rule;
    }
    return { ...rule, redirect: { ...rule.redirect, mirrorAuth: { ...auth, accessKeySecret: value } } };
  });
  if (issues.length > 0) throw new ConfigError(issues.some((x) => x.code === 'CONFIG_SECRET_NAME') ? 'CONFIG_SECRET_NAME' : 'CONFIG_SECRET_UNRESOLVED', issues);
  return website.routingRules === undefined ? { ...website } : { ...website, routingRules: rules };
}

/** A deep copy with every secret field replaced by "[redacted]" (for plans, reports and logs). */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_FIELDS.includes(k) && v !== undefined ? REDACTED : redactSecrets(v);
  }
  return out as T;
}

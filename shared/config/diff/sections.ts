import type { CorsConfiguration } from '../../oss/models/cors.ts';
import type { RefererConfiguration } from '../../oss/models/referer.ts';
import type { WebsiteConfiguration } from '../../oss/models/website.ts';
import { mergeCors, mergeWebsite } from '../merge.ts';
import { defaultReferer } from '../normalize.ts';
import { envRefName } from '../secrets.ts';
import type { PathSegments } from '../path.ts';
import type { DesiredCors, DesiredWebsite } from '../types.ts';
import { REDIRECT_FLAG_DEFAULTS, canonicalCors, canonicalReferer, canonicalWebsite } from './canonical.ts';
import { changeLines, diffValues, withDefaults } from './changes.ts';
import type { Change } from './changes.ts';
import type { SectionAction, SectionName, SectionPlan } from './types.ts';

function unmanaged<T>(section: SectionName): SectionPlan<T> {
  return { section, managed: false, action: 'none', desired: null, changes: [], text: [], warnings: [] };
}

function compare<T>(section: SectionName, target: T | null, live: T | null, canonical: (v: T) => T, warnings: string[] = []): SectionPlan<T> {
  const plan = (action: SectionAction, changes: Change[], text: string[]): SectionPlan<T> => ({
    section,
    managed: true,
    action,
    desired: action === 'create' || action === 'update' ? target : null,
    changes,
    text,
    warnings,
  });
  if (target === null) {
    return live === null ? plan('none', [], []) : plan('delete', diffValues(canonical(live), undefined), [`- ${section} (deleted)`]);
  }
  if (live === null) {
    const changes = diffValues({}, canonical(target));
    return plan('create', changes, changeLines(section, changes));
  }
  const changes = withDefaults(diffValues(canonical(live), canonical(target)), REDIRECT_FLAG_DEFAULTS);
  return changes.length === 0 ? plan('none', [], []) : plan('update', changes, changeLines(section, changes));
}

/**
 * Website plan: `undefined` = not managed, `null` = must not exist (delete), merge mode merges with
 * live first. `live` is null when GetBucketWebsite answered NoSuchWebsiteConfiguration.
 */
export function diffWebsite(desired: DesiredWebsite | null | undefined, live: WebsiteConfiguration | null, at: PathSegments = ['website']): SectionPlan<WebsiteConfiguration> {
  if (desired === undefined) return unmanaged('website');
  if (desired === null) return compare('website', null, live, canonicalWebsite);
  const target = desired.mode === 'merge' ? mergeWebsite(desired.config, live, at) : desired.config;
  const warnings: string[] = [];
  (target.routingRules ?? []).forEach((rule, i) => {
    const secret = rule.redirect.mirrorAuth?.accessKeySecret;
    if (secret !== undefined && envRefName(secret) === undefined) {
      warnings.push(`routingRules[${i}] is a foreign rule with a mirrorAuth secret as GET returned it; re-sending it may overwrite the real secret`);
    }
  });
  return compare('website', target, live, canonicalWebsite, warnings);
}

/** CORS plan; `live` is null when GetBucketCors answered NoSuchCORSConfiguration. */
export function diffCors(desired: DesiredCors | null | undefined, live: CorsConfiguration | null, at: PathSegments = ['cors']): SectionPlan<CorsConfiguration> {
  if (desired === undefined) return unmanaged('cors');
  if (desired === null) return compare('cors', null, live, canonicalCors);
  const target = desired.mode === 'merge' ? mergeCors(desired.config, live, at) : desired.config;
  return compare('cors', target, live, canonicalCors);
}

/**
 * Referer plan. Referer cannot be deleted: `null` means OSS's default configuration, so the action
 * is 'update' (PUT the default) or 'none', never 'create' or 'delete'.
 */
export function diffReferer(desired: RefererConfiguration | null | undefined, live: RefererConfiguration | null | undefined): SectionPlan<RefererConfiguration> {
  if (desired === undefined) return unmanaged('referer');
  const target = desired ?? defaultReferer();
  const plan = compare('referer', target, live ?? defaultReferer(), canonicalReferer);
  return plan;
}

import { REDACTED, type BucketConfig, type OssedgeConfig } from '../config/index.ts';
import type { CorsConfiguration } from '../oss/models/cors.ts';
import type { RefererConfiguration } from '../oss/models/referer.ts';
import type { WebsiteConfiguration } from '../oss/models/website.ts';
import type { Report } from '../report/model.ts';
import type { SectionName } from './types.ts';
import { OssedgeError } from '../errors/base.ts';

export class RollbackError extends OssedgeError {
  override readonly name = 'RollbackError';
}

interface SectionData {
  section?: SectionName;
  applied?: boolean;
  /** In a report left running (the run was killed): about to be written, maybe written. */
  writing?: boolean;
  before?: unknown;
  after?: unknown;
}

/**
 * The config that restores every section a stored apply report wrote to its before-state (replace
 * mode; `null` before = delete). Sections the run did not write are left out (not managed), so a
 * rollback touches exactly what the run touched. A report left running by a killed run lists the sections
 * it was writing, maybe written: each is restored only while the bucket holds what that run was writing
 * (`onlyWhileLive`), so a section it never wrote and that another run changed since is left alone (one that
 * still holds its before-state needs nothing). Throws NOTHING_TO_ROLL_BACK when it wrote nothing.
 * Restored mirror rules go through the origin pre-flight like an apply's (the report keeps no sampleKeys, so
 * each rule's prefix is probed); `force` restores them even when it fails, as `force: true` does for a rule.
 */
export function rollbackConfig(report: Report, options: { force?: boolean } = {}): OssedgeConfig {
  if (report.function !== 'apply-config') throw new RollbackError('NOT_AN_APPLY_REPORT', `run ${report.runId} is a ${report.function} report`);
  const buckets = new Map<string, BucketConfig>();
  for (const item of report.items) {
    const d = item.data as SectionData | undefined;
    if (!(d?.applied || d?.writing) || !d.section || !('before' in d)) continue;
    const b = buckets.get(item.bucket) ?? { name: item.bucket };
    buckets.set(item.bucket, b);
    Object.assign(b, sectionOf(d.section, d.before, options.force === true));
    if (!d.applied) b.onlyWhileLive = { ...b.onlyWhileLive, ...sectionOf(d.section, 'after' in d ? d.after : d.before, options.force === true) };
  }
  if (buckets.size === 0) throw new RollbackError('NOTHING_TO_ROLL_BACK', `run ${report.runId} changed nothing`);
  return { version: 1, defaults: {}, buckets: [...buckets.values()] };
}

/** One section of a BucketConfig holding a report's before- or after-state (`null` = none). */
function sectionOf(section: SectionName, state: unknown, force: boolean): Pick<BucketConfig, SectionName> {
  if (section === 'website') {
    if (state === null) return { website: null };
    const config = state as WebsiteConfiguration;
    // one meta per rule: the pre-flight checks exactly the mirror rules the rollback writes anew
    const ruleMeta = (config.routingRules ?? []).map((_, fileIndex) => ({ fileIndex, sampleKeys: [], force }));
    return { website: { mode: 'replace', config, ruleMeta } };
  }
  if (section === 'cors') return { cors: state === null ? null : { mode: 'replace', config: state as CorsConfiguration } };
  return { referer: state as RefererConfiguration | null };
}

/** Buckets whose restored website has a mirror auth secret the report could not keep (OSS never returns it). */
export function rollbackSecretGaps(config: OssedgeConfig): Array<{ bucket: string; rule: number }> {
  const gaps: Array<{ bucket: string; rule: number }> = [];
  for (const b of config.buckets) {
    (b.website?.config.routingRules ?? []).forEach((r, i) => {
      if (r.redirect.mirrorAuth?.accessKeySecret === REDACTED) gaps.push({ bucket: b.name, rule: r.ruleNumber ?? i + 1 });
    });
  }
  return gaps;
}

// `ossedge rollback RUN_ID`: restores every section that run wrote to its recorded before-state.
import type { OssedgeConfig } from '../config/index.ts';
import type { Report, ReportItem } from '../report/model.ts';
import { reportKeys } from '../report/store.ts';
import { readJson } from '../state/oss-json.ts';
import { ApplyInputError } from './errors.ts';
import type { ApplyReport } from './report.ts';
import { rollbackConfig, rollbackSecretGaps } from './rollback.ts';
import { runApply } from './run.ts';
import type { ApplyRuntime } from './runtime.ts';
import { rawCode, messageOf } from '../errors/index.ts';

export interface RollbackRunOptions {
  runId: string;
  /** The plan of the rollback (what it would restore), nothing written. */
  dryRun?: boolean;
  /** Restore mirror rules whose origin pre-flight fails (as `force: true` does for a rule). */
  force?: boolean;
  runtime: ApplyRuntime;
}

export async function rollbackRun(o: RollbackRunOptions): Promise<ApplyReport> {
  const rt = o.runtime;
  if (!rt.reportsLocation) throw new ApplyInputError('NOT_CONFIGURED', 'rollback needs the reports location (OSSEDGE_REPORTS or --reports)');
  let keys;
  try {
    keys = reportKeys(rt.reportsLocation, 'apply-config', o.runId);
  } catch {
    throw new ApplyInputError('BAD_RUN_ID', `not a run id: ${JSON.stringify(o.runId)}`);
  }
  const stored = await readJson<Report>(rt.clients.home(rt.region), keys.bucket, keys.runKey);
  if (!stored) throw new ApplyInputError('NOT_FOUND', `no report for run ${o.runId}`, { reason: 'not-found' });
  let config: OssedgeConfig;
  try {
    config = rollbackConfig(stored, { force: o.force === true });
  } catch (e) {
    throw new ApplyInputError(rawCode(e) ?? 'ROLLBACK_REFUSED', messageOf(e));
  }
  const notes: ReportItem[] = rollbackSecretGaps(config).map((gap) => ({
    bucket: gap.bucket, target: `website.routingRules[ruleNumber=${gap.rule}]`, code: 'ROLLBACK_SECRET_NOT_RESTORED', status: 'warn',
    message: 'the mirror auth secret of this rule cannot be restored (OSS never returns it): put it again',
  }));
  return runApply({ config, mode: o.dryRun ? 'plan' : 'apply', source: 'rollback', rollbackOf: o.runId, notes, runtime: rt });
}

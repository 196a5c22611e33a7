import type { OssedgeConfig } from '../config/types.ts';
import type { OssClient } from '../oss/client.ts';
import { isOssErrorCode } from '../oss/ops/common.ts';
import type { ReportBuilder } from '../report/model.ts';
import { mapLimit } from '../concurrency/map-limit.ts';
import { exposureOf } from './exposure.ts';
import { auditBucket } from './findings.ts';
import { bucketsToAudit, readBucketInventory, type InventoryError, type RegionalClient } from './inventory.ts';
import { probeBucket, type ProbeResult } from './probe.ts';
import type { BucketInventory, Finding } from './types.ts';
import { codeOf, messageOf } from '../errors/index.ts';

export const AUDIT_FUNCTION = 'audit-referer';
export const DEFAULT_AUDIT_CONCURRENCY = 8;
/** Report item code for one audited bucket (no severity: it is the inventory, not a finding). */
export const INVENTORY_CODE = 'BUCKET_INVENTORY';

/** What the audit needs of an OssClient. */
export interface AuditClient extends RegionalClient, Pick<OssClient, 'presign'> {
  forRegion(region: string): AuditClient;
}

export interface AuditOptions {
  /** The home client; other regions via `forRegion` (the same client when an endpoint is explicit). */
  client: AuditClient;
  explicitEndpoint: boolean;
  /** Audit only these buckets (default: every bucket ListBuckets returns). */
  buckets?: readonly string[];
  /** ossedge.yaml, for drift findings. */
  config?: OssedgeConfig;
  probe?: boolean;
  probeKey?: string;
  probeTimeoutMs?: number;
  concurrency?: number;
  deadline?: number;
}

export interface AuditResult {
  buckets: BucketInventory[];
  findings: Finding[];
  probes: Record<string, ProbeResult[]>;
}

/** Inventory, findings and (opt-in) live probe over the buckets; items and errors go to `report`. */
export async function runAudit(options: AuditOptions, report: ReportBuilder): Promise<AuditResult> {
  const dl = options.deadline !== undefined ? { deadline: options.deadline } : {};
  const refs = await bucketsToAudit(options.client, options.buckets, { explicitEndpoint: options.explicitEndpoint, ...dl });
  const desired = new Map((options.config?.buckets ?? []).map((b) => [b.name, b.referer] as const));
  const errors: InventoryError[] = [];
  const probes: Record<string, ProbeResult[]> = {};
  const perBucket = await mapLimit(refs, options.concurrency ?? DEFAULT_AUDIT_CONCURRENCY, async (ref) => {
    const client = options.client.forRegion(ref.region);
    const inv = await readBucketInventory(client, ref, errors, options.deadline);
    const findings = auditBucket(inv, desired.has(ref.name) ? { desiredReferer: desired.get(ref.name) } : {});
    if (options.probe && inv.referer) {
      try {
        const p = await probeBucket(client, ref.name, inv.referer, {
          ...(options.probeKey ? { key: options.probeKey } : {}), ...(options.probeTimeoutMs ? { timeoutMs: options.probeTimeoutMs } : {}), ...dl,
        });
        probes[ref.name] = p.results;
        findings.push(...p.findings);
      } catch (e) {
        errors.push({ bucket: ref.name, part: 'probe', error: e });
      }
    }
    return { inv, findings };
  });
  // a bucket that is gone fails every read the same way: one error for it, not seven
  const gone = new Set<string>();
  for (const e of errors) {
    if (isOssErrorCode(e.error, 'NoSuchBucket')) {
      if (gone.has(e.bucket)) continue;
      gone.add(e.bucket);
    }
    report.error(prefixed(e), e.bucket);
  }
  const all: Finding[] = [];
  for (const { inv, findings } of perBucket) {
    const x = exposureOf(inv);
    report.add({
      bucket: inv.name, code: INVENTORY_CODE, status: 'ok',
      message: `${inv.region}: ${x.readable ? `readable (${x.reasons.join(', ')})` : x.blocked ? 'Block Public Access on' : 'not public'}, ${findings.length} finding${findings.length === 1 ? '' : 's'}`,
      data: {
        region: inv.region, acl: inv.acl, readable: x.readable, reasons: x.reasons, blockPublicAccess: inv.blockPublicAccess, website: inv.website ? true : inv.website === null ? false : undefined,
        referer: inv.referer, corsRules: inv.cors?.rules.length ?? 0, cnames: inv.cnames, findings: findings.length,
        ...(probes[inv.name] ? { probe: probes[inv.name] } : {}),
      },
    });
    for (const f of findings) report.add({ ...f });
    all.push(...findings);
  }
  report.count('buckets', perBucket.length);
  report.count('bucketsWithFindings', perBucket.filter((p) => p.findings.some((f) => f.severity !== 'info')).length);
  report.count('findings', all.length);
  if (options.probe) report.count('probed', Object.keys(probes).length);
  return { buckets: perBucket.map((p) => p.inv), findings: all, probes };
}

function prefixed(e: InventoryError): { code: string; message: string } {
  return { code: codeOf(e.error), message: `${e.part}: ${messageOf(e.error)}` };
}

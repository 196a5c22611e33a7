// audit-referer's engine: inventory of buckets, hotlink-exposure findings, live Referer probe.
export { FINDINGS, SEVERITY_RANK, atLeast, isSeverity, type FindingCode } from './codes.ts';
export { exposureOf, policyGrantsAnonymousRead } from './exposure.ts';
export { auditBucket, hasQueryString, matchesAnySite, matchesLookalikeHost, type AuditBucketOptions } from './findings.ts';
export { bucketsToAudit, readBucketInventory, regionOfLocation, type BucketRef, type InventoryError, type RegionalClient } from './inventory.ts';
export { probeBucket, probeCases, HOTLINK_REFERER, DEFAULT_PROBE_TIMEOUT_MS, type ProbeCase, type ProbeOptions, type ProbeResult } from './probe.ts';
export { runAudit, AUDIT_FUNCTION, INVENTORY_CODE, DEFAULT_AUDIT_CONCURRENCY, type AuditClient, type AuditOptions, type AuditResult } from './run.ts';
export { newHighFindings, findingKey } from './new-findings.ts';
export type { BucketInventory, Exposure, Finding } from './types.ts';

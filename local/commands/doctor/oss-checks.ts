// The OSS half of `ossedge doctor`: keys that sign, the config and reports buckets (there, in the expected
// region, readable / writable where the functions need it) and the deployed config's validation.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../shared/config/index.ts';
import type { ConfigIssue } from '../../../shared/config/index.ts';
import { readConfigLocation } from '../../../shared/fc/config-source.ts';
import { OssServiceError } from '../../../shared/oss/errors.ts';
import { getBucketInfo } from '../../../shared/oss/ops/bucket.ts';
import { listBucketsPage } from '../../../shared/oss/ops/list.ts';
import { deleteObject, getObject, headObject, putObject } from '../../../shared/oss/ops/object.ts';
import { readBodyText } from '../../../shared/oss/transport.ts';
import { ossFolder, parseOssLocation } from '../../../shared/state/location.ts';
import { fail, failFrom, pass, skip, type CheckResult } from './check.ts';
import type { DoctorSettings } from './settings.ts';
import { rawCode } from '../../../shared/errors/base.ts';

const NO_KEYS_HINT = 'set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for STS keys), or configure a profile with `aliyun configure` (--profile NAME), or ~/.alibabacloud/credentials.ini';

/** `LTAI…wxyz`: enough to tell keys apart, not the id itself. */
export function maskKeyId(id: string): string {
  return id.length <= 8 ? '…' : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** The keys resolve, and OSS accepts a request signed with them (an AccessDenied still proves the signature). */
export async function checkCredentials(s: DoctorSettings): Promise<CheckResult> {
  const name = 'credentials';
  let keys;
  try {
    keys = await s.credentials.getCredentials();
  } catch (e) {
    return fail(name, `the credentials chain failed: ${String((e as Error)?.message ?? e).slice(0, 300)}`, NO_KEYS_HINT);
  }
  if (!keys) return fail(name, 'NO_CREDENTIALS: no OSS keys found', NO_KEYS_HINT);
  const who = `key ${maskKeyId(keys.accessKeyId)}${keys.securityToken ? ' with an STS token' : ''}`;
  try {
    await listBucketsPage(s.oss, { maxKeys: 1 });
    return pass(name, `${who}: a signed ListBuckets was accepted`);
  } catch (e) {
    if (e instanceof OssServiceError && e.code === 'AccessDenied') {
      return pass(name, `${who}: the signature was accepted (ListBuckets itself is not allowed, which only audit-referer needs)`);
    }
    return failFrom(name, e);
  }
}

function regionVerdict(location: string | undefined, region: string | undefined): { ok: boolean; text: string } {
  if (!location) return { ok: true, text: 'region not reported' };
  if (!region) return { ok: true, text: `in ${location}` };
  return location === `oss-${region}` ? { ok: true, text: `in ${location}` } : { ok: false, text: `in ${location}, not oss-${region}` };
}

/** The bucket exists, in the expected region. Undefined when it does; else the failed check. */
async function bucketThere(s: DoctorSettings, name: string, bucket: string, variable: string): Promise<{ failed?: CheckResult; where: string }> {
  try {
    const info = await getBucketInfo(s.oss, { bucket });
    const r = regionVerdict(info.location, s.region);
    if (!r.ok) return { failed: fail(name, `bucket ${bucket} is ${r.text}`, `create the bucket in ${s.region}, or point --region/OSS_REGION and OSSEDGE_REGION at ${info.location?.replace(/^oss-/, '')}`), where: r.text };
    return { where: r.text };
  } catch (e) {
    if (e instanceof OssServiceError && e.code === 'NoSuchBucket') {
      return { failed: fail(name, `NO_SUCH_BUCKET: bucket ${bucket} (${variable}) does not exist`, `create it (ossutil mb oss://${bucket} --region ${s.region ?? 'REGION'}), or fix ${variable}`), where: '' };
    }
    return { failed: failFrom(name, e), where: '' };
  }
}

/** OSSEDGE_CONFIG's bucket exists in the region and the config object can be read. */
export async function checkConfigBucket(s: DoctorSettings): Promise<CheckResult> {
  const name = 'config bucket';
  if (!s.config) return skip(name, 'no OSSEDGE_CONFIG (or --config oss://BUCKET/KEY)');
  let loc;
  try {
    loc = parseOssLocation(s.config);
  } catch (e) {
    return fail(name, (e as Error).message, 'OSSEDGE_CONFIG is oss://BUCKET/KEY, e.g. oss://my-config/ossedge.yaml');
  }
  const there = await bucketThere(s, name, loc.bucket, 'OSSEDGE_CONFIG');
  if (there.failed) return there.failed;
  try {
    const head = await headObject(s.oss, { bucket: loc.bucket, key: loc.key });
    return pass(name, `${loc.bucket} ${there.where}; ${loc.key} readable (${head.size ?? '?'} bytes)`);
  } catch (e) {
    if (e instanceof OssServiceError && (e.code === 'NoSuchKey' || e.status === 404)) {
      return fail(name, `${s.config} does not exist`, `upload the config: ossutil cp ossedge.yaml ${s.config}`);
    }
    return failFrom(name, e);
  }
}

/** OSSEDGE_REPORTS's bucket exists in the region and a probe object under `_state/` can be written, read and deleted. */
export async function checkReportsBucket(s: DoctorSettings): Promise<CheckResult> {
  const name = 'reports bucket';
  if (!s.reports) return skip(name, 'no OSSEDGE_REPORTS (or --reports oss://BUCKET/PREFIX/)');
  let loc;
  try {
    loc = ossFolder(s.reports);
  } catch (e) {
    return fail(name, (e as Error).message, 'OSSEDGE_REPORTS is oss://BUCKET/PREFIX/, e.g. oss://my-reports/ossedge/');
  }
  const there = await bucketThere(s, name, loc.bucket, 'OSSEDGE_REPORTS');
  if (there.failed) return there.failed;
  const key = `${loc.key}_state/doctor/probe-${randomBytes(6).toString('hex')}`;
  const body = `ossedge doctor probe ${new Date().toISOString()}\n`;
  let step = 'write';
  try {
    await putObject(s.oss, { bucket: loc.bucket, key, body });
    step = 'read';
    const got = await getObject(s.oss, { bucket: loc.bucket, key });
    const back = got.notModified ? '' : await readBodyText(got.body, 4096);
    if (back !== body) throw new Error('the probe read back differs from what was written');
    step = 'delete';
    await deleteObject(s.oss, { bucket: loc.bucket, key });
    return pass(name, `${loc.bucket} ${there.where}; wrote, read and deleted a probe under ${loc.key}_state/`);
  } catch (e) {
    const r = failFrom(name, e);
    return { ...r, message: `${step} of oss://${loc.bucket}/${key}: ${r.message}` };
  }
}

function issueLine(i: ConfigIssue, file: string): string {
  const at = typeof i.line === 'number' ? `${file}:${i.line}:${i.column ?? 1}: ` : `${file}: `;
  return `${at}${i.path ? `${i.path}: ` : ''}${i.message} (${i.code})`;
}

/** The config at OSSEDGE_CONFIG validates; its warnings are shown either way. */
export async function checkConfig(s: DoctorSettings): Promise<CheckResult> {
  const name = 'config';
  if (!s.config) return skip(name, 'no OSSEDGE_CONFIG (or --config oss://BUCKET/KEY)');
  let text: string;
  let filename: string;
  try {
    ({ text, filename } = await readConfigLocation(s.config, () => s.oss, false));
  } catch (e) {
    // refused before parsing (CONFIG_TOO_LARGE, CONFIG_PARSE for bytes that are not UTF-8, CONFIG_NOT_FOUND): its code and issues
    const code = rawCode(e);
    if (code !== undefined && code.startsWith('CONFIG_')) {
      const refused = e as { details?: { issues?: unknown } };
      const issues = Array.isArray(refused.details?.issues) ? (refused.details.issues as ConfigIssue[]) : [];
      return fail(name, `${code}: ${issues.length ? s.config : String((e as Error).message).slice(0, 300)}`, `upload a valid config: ossutil cp ossedge.yaml ${s.config}`, issues.map((i) => issueLine(i, s.config!)));
    }
    return failFrom(name, e, `upload a valid config: ossutil cp ossedge.yaml ${s.config}`);
  }
  const result = await loadConfig(text, { filename });
  if (!result.ok) {
    const errors = result.issues.filter((i) => i.severity === 'error');
    return fail(name, `CONFIG_INVALID: ${errors.length} problem(s) in ${s.config}`, `fix them (ossedge plan -c FILE shows them too) and upload again`, result.issues.map((i) => issueLine(i, filename)));
  }
  const buckets = result.config.buckets.length;
  const warnings = result.warnings.map((w) => `warning: ${issueLine(w, filename)}`);
  return pass(name, `${s.config} validates: ${buckets} bucket(s)${warnings.length ? `, ${warnings.length} warning(s)` : ''}`, warnings);
}

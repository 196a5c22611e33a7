import { getObject, putObject } from '../oss/ops/object.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { isOssErrorCode } from '../oss/ops/common.ts';
import { ossFolder } from '../state/location.ts';
import type { Report } from './model.ts';
import { readCapped } from '../state/capped-read.ts';

/** A latest report larger than this is refused when read back (TooLargeError), never cut short. */
export const MAX_LATEST_REPORT_BYTES = 64 * 1024 * 1024;

export interface StoredReport {
  bucket: string;
  runKey: string;
  latestKey: string;
}

const RUN_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function reportKeys(reportsLocation: string, fn: string, runId: string): StoredReport {
  if (!RUN_ID.test(runId) || !RUN_ID.test(fn)) throw new TypeError('function and runId must be plain names');
  const { bucket, key } = ossFolder(reportsLocation);
  return { bucket, runKey: `${key}${fn}/${runId}.json`, latestKey: `${key}${fn}/latest.json` };
}

/** Writes `<function>/<runId>.json`, then `<function>/latest.json`, under OSSEDGE_REPORTS (DESIGN.md Reports). */
export async function storeReport(client: OssInvoker, reportsLocation: string, report: Report): Promise<StoredReport> {
  const keys = reportKeys(reportsLocation, report.function, report.runId);
  const body = `${JSON.stringify(report, null, 2)}\n`;
  const common = { bucket: keys.bucket, body, contentType: 'application/json; charset=utf-8', contentMd5: true as const };
  await putObject(client, { ...common, key: keys.runKey });
  await putObject(client, { ...common, key: keys.latestKey });
  return keys;
}

/** The latest report of a function, or undefined when none was stored yet. */
export async function readLatestReport(client: OssInvoker, reportsLocation: string, fn: string): Promise<Report | undefined> {
  const { bucket, latestKey } = reportKeys(reportsLocation, fn, 'latest');
  try {
    const res = await getObject(client, { bucket, key: latestKey });
    if (res.notModified) return undefined;
    const bytes = await readCapped(res.body, { limit: MAX_LATEST_REPORT_BYTES, source: `oss://${bucket}/${latestKey}`, declaredLength: res.contentLength });
    return JSON.parse(bytes.toString('utf8')) as Report;
  } catch (e) {
    if (isOssErrorCode(e, 'NoSuchKey')) return undefined;
    throw e;
  }
}

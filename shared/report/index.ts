export { createReport, newRunId, SEVERITIES, type Report, type ReportItem, type ReportError, type ReportBuilder, type CreateReportOptions, type ItemStatus, type Severity } from './model.ts';
export { storeReport, readLatestReport, reportKeys, type StoredReport } from './store.ts';
export { parseOssLocation, ossFolder, LocationError, type OssLocation } from './location.ts';

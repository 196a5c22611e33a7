export { createReport, newRunId, SEVERITIES, type Report, type ReportItem, type ReportError, type ReportBuilder, type CreateReportOptions, type ItemStatus, type Severity } from './model.ts';
export { storeReport, readLatestReport, reportKeys, type StoredReport } from './store.ts';
export { parseOssLocation, ossFolder, LocationError, type OssLocation } from './location.ts';
export { escapeHtml, html, raw, type SafeHtml } from './html-escape.ts';
export { lineChart, type ChartSeries, type ChartOptions } from './html-chart.ts';
export { renderDashboard, DASHBOARD_FUNCTIONS, REFRESH_SERIES, type DashboardData, type DashboardFunction } from './html-dashboard.ts';
export { loadDashboardData, publishDashboard, storeReportAndDashboard, dashboardLocation, DEFAULT_HISTORY_DAYS, DEFAULT_HISTORY_RUNS, type DashboardSourceOptions } from './html-publish.ts';
export { buildNotification, sendNotification, dingTalkSign, notifyKindOf, NotifyError, DEFAULT_NOTIFY_TIMEOUT_MS, type NotifyKind, type NotifyTarget, type OutgoingNotification } from './notify.ts';

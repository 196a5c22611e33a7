import { lineChart } from './html-chart.ts';
import { html, raw, type SafeHtml } from './html-escape.ts';
import { DASHBOARD_CSS } from './html-style.ts';
import type { Report, ReportItem } from './model.ts';

export const DASHBOARD_FUNCTIONS = ['apply-config', 'audit-referer', 'validate-mirror-origin', 'refresh-stale-objects'] as const;
export type DashboardFunction = (typeof DASHBOARD_FUNCTIONS)[number];

export interface DashboardData {
  /** ISO 8601 UTC. */
  generatedAt: string;
  latest: Partial<Record<DashboardFunction, Report>>;
  /** Recent runs, oldest first (apply-config and refresh-stale-objects are charted / listed). */
  history: Partial<Record<DashboardFunction, Report[]>>;
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** Summary counters of refresh-stale-objects charted when present, in this order. */
export const REFRESH_SERIES = ['refreshed', 'deleted', 'stale', 'failed', 'unchanged', 'checked', 'scanned', 'errors', 'fail'];
const INVENTORY = 'BUCKET_INVENTORY';
const ALWAYS_COUNTED = new Set(['errors', 'fail']);

const when = (iso: string | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');
const badge = (kind: string | undefined) => html`<span class="badge b-${kind ?? 'none'}">${kind ?? '—'}</span>`;
const counters = (summary: Record<string, number>) =>
  Object.entries(summary).filter(([, v]) => typeof v === 'number' && v !== 0).map(([k, v]) => html`<span class="kv">${k}&nbsp;<b>${v}</b></span>`);

function runsCard(data: DashboardData): SafeHtml {
  const rows = DASHBOARD_FUNCTIONS.map((fn) => {
    const r = data.latest[fn];
    if (!r) return html`<tr><td>${fn}</td><td colspan="3" class="muted">no report yet</td></tr>`;
    return html`<tr><td>${fn}</td><td>${badge(r.ok ? 'ok' : 'fail')}</td><td>${when(r.finishedAt)}<br><span class="muted">${r.runId}</span></td><td>${counters(r.summary)}</td></tr>`;
  });
  return html`<section id="runs"><h2>Latest runs</h2><table><thead><tr><th>function</th><th>result</th><th>finished</th><th>summary</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function findingsSection(report: Report | undefined): SafeHtml {
  if (!report) return html`<section id="findings"><h2>Buckets × findings</h2><p class="muted">audit-referer has not run yet.</p></section>`;
  const findings = report.items.filter((i) => i.severity !== undefined);
  const buckets = [...new Set([...report.items.filter((i) => i.code === INVENTORY).map((i) => i.bucket), ...findings.map((i) => i.bucket)])].sort();
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const head = codes.map((c) => html`<th class="code" title="${c}">${c.replace(/_/g, ' ')}</th>`);
  const rows = buckets.map((b) => {
    const mine = findings.filter((f) => f.bucket === b);
    const cells = codes.map((c) => {
      const hit = mine.filter((f) => f.code === c);
      if (hit.length === 0) return html`<td class="none">·</td>`;
      const worst = SEVERITY_ORDER.find((s) => hit.some((h) => h.severity === s));
      return html`<td class="hit" title="${hit.map((h) => h.message).join('\n')}"><span class="sev s-${worst}">${worst}${hit.length > 1 ? ` ×${hit.length}` : ''}</span></td>`;
    });
    const inv = report.items.find((i) => i.code === INVENTORY && i.bucket === b);
    return html`<tr data-bucket="${b}"><th scope="row">${b}<br><span class="muted">${inv?.message ?? ''}</span></th>${cells}<td>${mine.length === 0 ? badge('ok') : String(mine.length)}</td></tr>`;
  });
  const list = findings
    .slice()
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity as never) - SEVERITY_ORDER.indexOf(b.severity as never) || a.bucket.localeCompare(b.bucket))
    .map((f) => html`<tr class="finding"><td><span class="sev s-${f.severity}">${f.severity}</span></td><td>${f.bucket}</td><td><code>${f.code}</code>${f.target ? html`<br><span class="muted">${f.target}</span>` : raw('')}</td><td>${f.message}${f.hint ? html`<div class="hint">Fix: ${f.hint}</div>` : raw('')}</td></tr>`);
  const sev = SEVERITY_ORDER.map((s) => html`<span class="sev s-${s}">${s} ${report.summary[s] ?? 0}</span>`);
  return html`<section id="findings"><h2>Buckets × findings</h2><p>${sev} <span class="muted">run ${report.runId}, ${when(report.finishedAt)}</span></p>
<div class="scroll"><table class="matrix"><thead><tr><th>bucket</th>${head}<th>findings</th></tr></thead><tbody>${rows}</tbody></table></div>
<h3>Findings</h3>${findings.length === 0 ? html`<p class="muted">No findings.</p>` : html`<table><thead><tr><th>severity</th><th>bucket</th><th>code</th><th>what and how to fix</th></tr></thead><tbody>${list}</tbody></table>`}
${errorsList(report)}</section>`;
}

function errorsList(report: Report): SafeHtml {
  if (report.errors.length === 0) return raw('');
  return html`<details class="errors"><summary>${report.errors.length} error(s)</summary><ul>${report.errors.map((e) => html`<li><code>${e.code}</code> ${e.bucket ?? ''}: ${e.message}</li>`)}</ul></details>`;
}

function originSection(report: Report | undefined): SafeHtml {
  if (!report) return html`<section id="origins"><h2>Origin health per rule</h2><p class="muted">validate-mirror-origin has not run yet.</p></section>`;
  const rules = report.items.filter((i) => i.code.startsWith('MIRROR_RULE_'));
  const problems = (r: ReportItem) => report.items.filter((i) => i.bucket === r.bucket && i.code.startsWith('ORIGIN_') && (i.target ?? '').startsWith(`${r.target ?? ''} `));
  const rows = rules.map((r) => html`<tr><td>${badge(r.status)}</td><td>${r.bucket}</td><td>${r.target ?? ''}</td><td>${r.message}${problems(r).map((p) => html`<div class="problem">${badge(p.status)} <code>${p.code}</code> ${p.message}</div>`)}${r.hint ? html`<div class="hint">Fix: ${r.hint}</div>` : raw('')}</td></tr>`);
  return html`<section id="origins"><h2>Origin health per rule</h2><p class="muted">run ${report.runId}, ${when(report.finishedAt)}</p>${rules.length === 0 ? html`<p class="muted">No mirror rules checked.</p>` : html`<table><thead><tr><th>status</th><th>bucket</th><th>rule</th><th>result</th></tr></thead><tbody>${rows}</tbody></table>`}${errorsList(report)}</section>`;
}

function refreshSection(runs: Report[]): SafeHtml {
  if (runs.length === 0) return html`<section id="refresh"><h2>Refresh history</h2><p class="muted">refresh-stale-objects has not run yet.</p></section>`;
  // every report has errors/fail counters: chart them only when some run had any
  const present = REFRESH_SERIES.filter((k) => runs.some((r) => typeof r.summary[k] === 'number' && (!ALWAYS_COUNTED.has(k) || r.summary[k]! > 0)));
  const keys = (present.length > 0 ? present : ['items', 'fail', 'errors']).slice(0, 5);
  const chart = lineChart(keys.map((k) => ({ name: k, values: runs.map((r) => r.summary[k]) })), { id: 'refresh-chart', title: `Refresh history: ${keys.join(', ')} per run`, labels: runs.map((r) => when(r.finishedAt)) });
  return html`<section id="refresh"><h2>Refresh history</h2>${chart}<p class="muted">${runs.length} run(s), oldest to newest.</p></section>`;
}

function applySection(runs: Report[]): SafeHtml {
  if (runs.length === 0) return html`<section id="apply"><h2>Apply / drift history</h2><p class="muted">apply-config has not run yet.</p></section>`;
  const rows = runs.slice().reverse().map((r) => {
    const changed = r.items.filter((i) => i.status !== 'ok');
    return html`<tr><td>${when(r.finishedAt)}<br><span class="muted">${r.runId}</span></td><td>${badge(r.ok ? 'ok' : 'fail')}</td><td>${counters(r.summary)}</td><td>${changed.slice(0, 8).map((i) => html`<div>${badge(i.status)} ${i.bucket}: <code>${i.code}</code> ${i.message}</div>`)}${changed.length > 8 ? html`<div class="muted">… ${changed.length - 8} more</div>` : raw('')}</td></tr>`;
  });
  return html`<section id="apply"><h2>Apply / drift history</h2><table><thead><tr><th>run</th><th>result</th><th>summary</th><th>changes and failures</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The whole dashboard as one self-contained HTML page (no script, no external resource; CSP forbids both). */
export function renderDashboard(data: DashboardData): string {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="300">
<title>ossedge dashboard</title><style>${raw(DASHBOARD_CSS)}</style></head>
<body><header><h1>ossedge dashboard</h1><p class="muted">generated ${when(data.generatedAt)} from the latest reports</p></header>
<main>${runsCard(data)}${findingsSection(data.latest['audit-referer'])}${originSection(data.latest['validate-mirror-origin'])}${refreshSection(data.history['refresh-stale-objects'] ?? [])}${applySection(data.history['apply-config'] ?? [])}</main>
</body></html>
`;
  return page.__html;
}

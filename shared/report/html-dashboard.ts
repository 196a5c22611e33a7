import { smallMultiples } from './html-chart.ts';
import { html, raw, type SafeHtml } from './html-escape.ts';
import { runsTable } from './html-history.ts';
import { ARCHIVE_PAGE_RUNS, bucketPagePath, historyPagePath, runPagePath } from './html-links.ts';
import { badge, counters, link, renderPage, sevBadge, when } from './html-page.ts';
import { DASHBOARD_FUNCTIONS, possiblyFixedBy, type IndexState } from './index-state.ts';
import { isBucketName } from '../oss/endpoint.ts';
import { sectionOf } from './run-facts.ts';

const DEPTH = 0;
/** Bucket links listed on the index (the index stays small with thousands of buckets). */
const INDEX_BUCKETS = 500;
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** Summary counters of refresh-stale-objects charted when present, in this order. */
export const REFRESH_SERIES = ['refreshed', 'deleted', 'stale', 'failed', 'unchanged', 'checked', 'scanned', 'errors', 'fail'];
const ALWAYS_COUNTED = new Set(['errors', 'fail']);
const runLink = (fn: string, id: string) => link(runPagePath(fn, id), DEPTH, id);
const bucketLink = (b: string) => (isBucketName(b) ? link(bucketPagePath(b), DEPTH, b) : html`${b}`);

function latestSection(s: IndexState): SafeHtml {
  const rows = DASHBOARD_FUNCTIONS.map((fn) => {
    const r = s.runs[fn]?.latest[0];
    if (!r) return html`<tr><th scope="row">${fn}</th><td colspan="3">no report yet</td></tr>`;
    return html`<tr><th scope="row">${fn}</th><td>${badge(r.ok ? 'ok' : 'fail')}</td><td>${when(r.at)}<br>${runLink(fn, r.id)}<br><span class="muted">${r.kind}${r.src ? `, ${r.src}` : ''}</span></td><td>${r.head}<div>${counters(r.n)}</div></td></tr>`;
  });
  return html`<section id="latest"><h2>Latest runs</h2><table><caption>The latest run of each function</caption><thead><tr><th scope="col">function</th><th scope="col">result</th><th scope="col">finished</th><th scope="col">what happened</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function archiveLinks(fn: string, total: number): SafeHtml {
  const pages = Math.ceil(total / ARCHIVE_PAGE_RUNS);
  if (total <= 50) return raw('');
  const links = Array.from({ length: pages }, (_, k) => pages - 1 - k).map((k) => html`<li>${link(historyPagePath(fn, k), DEPTH, `runs ${k * ARCHIVE_PAGE_RUNS + 1}–${Math.min(total, (k + 1) * ARCHIVE_PAGE_RUNS)}`)}</li>`);
  return html`<details><summary>All ${total} runs of ${fn} (archive pages of ${ARCHIVE_PAGE_RUNS})</summary><ul>${links}</ul></details>`;
}

function runsSection(s: IndexState): SafeHtml {
  const parts = DASHBOARD_FUNCTIONS.map((fn) => {
    const slot = s.runs[fn];
    if (!slot || slot.latest.length === 0) return html`<h3>${fn}</h3><p>No runs yet.</p>`;
    const n = slot.latest.length;
    if (fn === 'apply-config') {
      const plans = slot.latest.filter((r) => r.kind === 'plan');
      const writes = slot.latest.filter((r) => r.kind !== 'plan');
      return html`<h3 id="runs-${fn}">${fn}</h3>${writes.length ? runsTable(writes, `Applies, drift checks, rollbacks and refused deliveries (of the latest ${n} runs)`, DEPTH) : html`<p>No apply among the latest ${n} runs.</p>`}${plans.length ? runsTable(plans, `Plans: nothing written (of the latest ${n} runs)`, DEPTH) : raw('')}${archiveLinks(fn, slot.total)}`;
    }
    return html`<h3 id="runs-${fn}">${fn}</h3>${runsTable(slot.latest, `The latest ${n} of ${slot.total} runs`, DEPTH)}${archiveLinks(fn, slot.total)}`;
  });
  return html`<section id="runs"><h2>Run history</h2>${parts}</section>`;
}

function findingsSection(s: IndexState): SafeHtml {
  const a = s.audit;
  if (!a) return html`<section id="findings"><h2>Buckets × findings</h2><p>audit-referer has not run yet.</p></section>`;
  const codes = [...new Set(a.findings.map((f) => f.code))].sort();
  const head = codes.map((c) => html`<th scope="col" class="code" title="${c}">${c.replace(/_/g, ' ')}</th>`);
  const rows = a.buckets.map((b) => {
    const mine = a.findings.filter((f) => f.bucket === b);
    const cells = codes.map((c) => {
      const hit = mine.filter((f) => f.code === c);
      if (hit.length === 0) return html`<td class="none"><span class="muted">none</span></td>`;
      const worst = SEVERITY_ORDER.find((x) => hit.some((h) => h.severity === x)) ?? 'info';
      return html`<td class="hit">${sevBadge(worst)}${hit.length > 1 ? ` ×${hit.length}` : ''}</td>`;
    });
    return html`<tr data-bucket="${b}"><th scope="row">${bucketLink(b)}</th>${cells}<td>${mine.length === 0 ? badge('ok') : String(mine.length)}</td></tr>`;
  });
  const list = a.findings.slice()
    .sort((x, y) => SEVERITY_ORDER.indexOf(x.severity as never) - SEVERITY_ORDER.indexOf(y.severity as never) || x.bucket.localeCompare(y.bucket))
    .map((f) => {
      const w = possiblyFixedBy(s.writes, f.bucket, sectionOf(f), f.lastSeen);
      const fixed = w ? html`<div class="fixed">possibly fixed by ${runLink('apply-config', w.id)} (wrote ${sectionOf(f)} ${when(w.at)})</div>` : raw('');
      return html`<tr class="finding"><td>${sevBadge(f.severity)}</td><td>${bucketLink(f.bucket)}</td><td><code>${f.code}</code>${f.target ? html`<br><span class="muted">${f.target}</span>` : raw('')}</td><td>${f.message}${f.hint ? html`<div class="hint">Fix: ${f.hint}</div>` : raw('')}${fixed}</td><td>${when(f.lastSeen)}<br><span class="muted">first seen ${when(f.firstSeen)}</span></td></tr>`;
    });
  const sev = SEVERITY_ORDER.map((x) => html`${sevBadge(x)} ${a.severities[x] ?? 0} `);
  const more = a.total > a.findings.length ? html`<p>${a.total - a.findings.length} more finding(s) on the bucket pages.</p>` : raw('');
  return html`<section id="findings"><h2>Buckets × findings</h2><p>${sev}<span class="muted">as of ${when(a.at)}, run ${runLink('audit-referer', a.id)}</span></p>
<div class="scroll"><table class="matrix"><caption>Worst severity per bucket and finding code</caption><thead><tr><th scope="col">bucket</th>${head}<th scope="col">findings</th></tr></thead><tbody>${rows}</tbody></table></div>
<h3>Findings</h3>${list.length === 0 ? html`<p>No findings.</p>` : html`<table><caption>Findings, most severe first</caption><thead><tr><th scope="col">severity</th><th scope="col">bucket</th><th scope="col">code</th><th scope="col">what and how to fix</th><th scope="col">as of</th></tr></thead><tbody>${list}</tbody></table>`}${more}</section>`;
}

function originSection(s: IndexState): SafeHtml {
  const o = s.origins;
  if (!o) return html`<section id="origins"><h2>Origin health per rule</h2><p>validate-mirror-origin has not run yet.</p></section>`;
  const rows = o.rules.map((r) => html`<tr><td>${badge(r.status)}</td><td>${bucketLink(r.bucket)}</td><td>${r.target}</td><td>${r.message}${r.problems.map((p) => html`<div class="problem">${badge(p.status)} <code>${p.code}</code> ${p.message}</div>`)}${r.hint ? html`<div class="hint">Fix: ${r.hint}</div>` : raw('')}</td></tr>`);
  return html`<section id="origins"><h2>Origin health per rule</h2><p class="muted">as of ${when(o.at)}, run ${runLink('validate-mirror-origin', o.id)}</p>${rows.length === 0 ? html`<p>No mirror rules checked.</p>` : html`<table><caption>Mirror rules and their origin checks</caption><thead><tr><th scope="col">status</th><th scope="col">bucket</th><th scope="col">rule</th><th scope="col">result</th></tr></thead><tbody>${rows}</tbody></table>`}${o.total > o.rules.length ? html`<p>${o.total - o.rules.length} more rule(s) on the bucket pages.</p>` : raw('')}</section>`;
}

function refreshSection(s: IndexState): SafeHtml {
  const runs = s.refresh;
  if (runs.length === 0) return html`<section id="refresh"><h2>Refresh history</h2><p>refresh-stale-objects has not run yet.</p></section>`;
  // every report has errors/fail counters: chart them only when some run had any
  const present = REFRESH_SERIES.filter((k) => runs.some((r) => typeof r.n[k] === 'number' && (!ALWAYS_COUNTED.has(k) || r.n[k]! > 0)));
  const keys = present.length > 0 ? present : ['items'];
  const chart = smallMultiples(keys.map((k) => ({ name: k, values: runs.map((r) => r.n[k]) })), { id: 'refresh-chart', title: `Refresh counters per run: ${keys.join(', ')}`, labels: runs.map((r) => when(r.at)) });
  return html`<section id="refresh"><h2>Refresh history</h2><p class="muted">${runs.length} run(s), oldest to newest, each counter on its own scale; latest ${runLink('refresh-stale-objects', runs[runs.length - 1]!.id)}</p>${chart}</section>`;
}

function bucketsSection(s: IndexState): SafeHtml {
  if (s.buckets.length === 0) return html`<section id="buckets"><h2>Buckets</h2><p>No bucket has a page yet.</p></section>`;
  const shown = s.buckets.slice(0, INDEX_BUCKETS);
  const more = s.buckets.length - shown.length;
  return html`<section id="buckets"><h2>Buckets</h2><ul>${shown.map((b) => html`<li>${bucketLink(b)}</li>`)}</ul>${more > 0 ? html`<p>${more} more bucket(s): their pages are linked from their runs and findings.</p>` : raw('')}</section>`;
}

/** The index page (`index.html`): rendered from, and carrying, the index state. */
export function renderDashboard(s: IndexState, stateComment = ''): string {
  return renderPage({ title: 'ossedge dashboard', depth: DEPTH, state: stateComment }, html`generated ${when(s.generatedAt)} from the stored reports`,
    html`${latestSection(s)}${findingsSection(s)}${originSection(s)}${refreshSection(s)}${runsSection(s)}${bucketsSection(s)}`);
}

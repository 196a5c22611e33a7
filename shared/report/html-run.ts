import { html, raw, type SafeHtml } from './html-escape.ts';
import { bucketPagePath, RUN_PAGE_ITEMS, runPagePath } from './html-links.ts';
import { badge, counters, link, renderPage, sevBadge, when } from './html-page.ts';
import type { Report, ReportItem } from './model.ts';
import { isBucketName } from '../oss/endpoint.ts';
import { kindOf, provenanceOf } from './run-facts.ts';

/** Rendered items per page stay under this (the page limit is 300 KB with its header). */
export const RUN_PAGE_ITEM_BYTES = 280 * 1024;
/** A before/after or data block longer than this is cut for display (the stored report keeps it whole). */
export const MAX_DETAIL_CHARS = 24 * 1024;
const PREFLIGHT = 'PREFLIGHT_RESULT';

export interface RunPage {
  path: string;
  body: string;
}

function detail(label: string, value: unknown): SafeHtml {
  if (value === undefined) return raw('');
  const text = JSON.stringify(value, null, 2) ?? '';
  const shown = text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}\n… ${text.length - MAX_DETAIL_CHARS} more characters in the stored report` : text;
  return html`<details><summary>${label}</summary><pre>${shown}</pre></details>`;
}

/** Apply items: the diff lines, then before and after; other items: their data. */
function itemDetails(i: ReportItem): SafeHtml {
  const d = (typeof i.data === 'object' && i.data !== null ? i.data : undefined) as Record<string, unknown> | undefined;
  if (!d) return raw('');
  if ('before' in d || 'after' in d) {
    const lines = Array.isArray(d.text) ? (d.text as unknown[]).map(String) : [];
    return html`${lines.length ? html`<ul class="diff">${lines.map((l) => html`<li><code>${l}</code></li>`)}</ul>` : raw('')}${detail('before (as read)', d.before)}${detail('after (desired)', d.after)}`;
  }
  return detail('details', d);
}

function itemRow(i: ReportItem, n: number, depth: number): SafeHtml {
  const verdict = i.severity ? sevBadge(i.severity) : badge(i.status);
  return html`<tr id="item-${n}"><td>${verdict}</td><td>${isBucketName(i.bucket) ? link(bucketPagePath(i.bucket), depth, i.bucket) : i.bucket}</td><td><code>${i.code}</code>${i.target ? html`<br><span class="muted">${i.target}</span>` : raw('')}</td><td>${i.message}${i.hint ? html`<div class="hint">Fix: ${i.hint}</div>` : raw('')}${itemDetails(i)}</td></tr>`;
}

function itemsTable(caption: string, rows: SafeHtml[]): SafeHtml {
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">status</th><th scope="col">bucket</th><th scope="col">code and target</th><th scope="col">message, fix and details</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function provenance(report: Report, depth: number): SafeHtml {
  const p = provenanceOf(report);
  const g = p.git;
  const rows: Array<[string, SafeHtml | string]> = [
    ['function', report.function], ['run id', report.runId], ['result', badge(report.ok ? 'ok' : 'fail')],
    ['kind', kindOf(p)], ['trigger', p.source ?? 'not recorded'],
    ['started', when(report.startedAt)], ['finished', when(report.finishedAt)],
  ];
  if (p.driftAction) rows.push(['drift action', p.driftAction]);
  if (p.rollbackOf) rows.push(['rollback of', link(runPagePath(report.function, p.rollbackOf), depth, p.rollbackOf)]);
  if (g?.repository) rows.push(['repository', g.repository]);
  if (g?.ref) rows.push(['ref', g.ref]);
  if (g?.sha) rows.push(['commit', g.commitUrl ? html`<a href="${g.commitUrl}" rel="noopener noreferrer">${g.sha}</a>` : g.sha]);
  if (g?.sender) rows.push(['sender', g.sender]);
  if (g?.deliveryId) rows.push(['delivery id', g.deliveryId]);
  return html`<section id="provenance"><h2>Provenance</h2><table class="facts"><caption>Where run ${report.runId} came from</caption><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table><p>${counters(report.summary ?? {})}</p></section>`;
}

function errorsSection(report: Report, depth: number): SafeHtml {
  if (report.errors.length === 0) return html`<section id="errors"><h2>Errors</h2><p>No errors.</p></section>`;
  const rows = report.errors.map((e) => html`<tr><td><code>${e.code}</code></td><td>${isBucketName(e.bucket) ? link(bucketPagePath(e.bucket), depth, e.bucket) : (e.bucket ?? '—')}</td><td>${e.message}</td></tr>`);
  return html`<section id="errors"><h2>Errors</h2><table><caption>${report.errors.length} error(s)</caption><thead><tr><th scope="col">code</th><th scope="col">bucket</th><th scope="col">message</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** Splits rendered rows into pages of at most RUN_PAGE_ITEMS rows and RUN_PAGE_ITEM_BYTES bytes. */
function paginate(rows: SafeHtml[]): SafeHtml[][] {
  const pages: SafeHtml[][] = [[]];
  let bytes = 0;
  for (const r of rows) {
    const size = Buffer.byteLength(r.__html);
    const cur = pages[pages.length - 1]!;
    if (cur.length > 0 && (cur.length >= RUN_PAGE_ITEMS || bytes + size > RUN_PAGE_ITEM_BYTES)) {
      pages.push([r]);
      bytes = size;
    } else {
      cur.push(r);
      bytes += size;
    }
  }
  return pages;
}

/** A run's pages: the first with provenance, pre-flight verdicts and errors; items continue on `.p2`, `.p3`, ... */
export function renderRunPages(report: Report): RunPage[] {
  const depth = 2;
  const preflight = report.items.map((i, n) => ({ i, n })).filter(({ i }) => i.code === PREFLIGHT);
  const others = report.items.map((i, n) => ({ i, n })).filter(({ i }) => i.code !== PREFLIGHT);
  const pages = paginate(others.map(({ i, n }) => itemRow(i, n + 1, depth)));
  const pager = (k: number) => pages.length < 2 ? raw('') : html`<nav aria-label="item pages"><ul>${pages.map((_, j) => html`<li>${j === k ? html`<span aria-current="page">page ${j + 1}</span>` : link(runPagePath(report.function, report.runId, j + 1), depth, `page ${j + 1}`)}</li>`)}</ul></nav>`;
  const title = `${report.function} run ${report.runId}`;
  return pages.map((rows, k) => {
    const items = html`<section id="items"><h2>Items</h2>${pager(k)}${rows.length ? itemsTable(`${report.items.length} item(s)${pages.length > 1 ? `, page ${k + 1} of ${pages.length}` : ''}`, rows) : html`<p>No items.</p>`}${pager(k)}</section>`;
    const first = k === 0
      ? html`${provenance(report, depth)}${preflight.length ? html`<section id="preflight"><h2>Pre-flight verdicts</h2>${itemsTable('origin checks of new or changed mirror rules', preflight.map(({ i, n }) => itemRow(i, n + 1, depth)))}</section>` : raw('')}${errorsSection(report, depth)}`
      : raw('');
    const subtitle = html`${report.ok ? 'ok' : 'failed'}, finished ${when(report.finishedAt)}${k > 0 ? html` — ${link(runPagePath(report.function, report.runId), depth, 'first page')}` : raw('')}`;
    return { path: runPagePath(report.function, report.runId, k + 1), body: renderPage({ title, depth }, subtitle, html`${first}${items}`) };
  });
}

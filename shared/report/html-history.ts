import { html, raw, type SafeHtml } from './html-escape.ts';
import { ARCHIVE_PAGE_RUNS, bucketPagePath, historyPagePath, runPagePath } from './html-links.ts';
import { badge, counters, link, renderPage, when } from './html-page.ts';
import type { RunRow } from './state-rows.ts';

/** What an archive page carries: its function, its number and its runs (oldest first, at most 500). */
export interface ArchiveState {
  v: 1;
  fn: string;
  page: number;
  runs: RunRow[];
}

export function isArchiveState(v: unknown, fn: string, page: number): v is ArchiveState {
  const s = v as ArchiveState | undefined;
  return !!s && s.v === 1 && s.fn === fn && s.page === page && Array.isArray(s.runs);
}

/** A table of runs (newest first) with links to run and bucket pages, `depth` folders below the dashboard folder. */
export function runsTable(rows: readonly RunRow[], caption: string, depth: number): SafeHtml {
  const body = rows.map((r) => html`<tr><td>${when(r.at)}<br>${link(runPagePath(r.fn, r.id), depth, r.id)}</td><td>${r.kind}${r.src ? html`<br><span class="muted">${r.src}</span>` : raw('')}</td><td>${badge(r.ok ? 'ok' : 'fail')}</td><td>${r.head}<div>${counters(r.n)}</div></td><td>${r.b.map((b, i) => html`${i > 0 ? ', ' : ''}${link(bucketPagePath(b), depth, b)}`)}${r.nb > r.b.length ? ` +${r.nb - r.b.length}` : ''}</td></tr>`);
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">run</th><th scope="col">kind and trigger</th><th scope="col">result</th><th scope="col">what happened</th><th scope="col">buckets</th></tr></thead><tbody>${body}</tbody></table>`;
}

export function renderArchivePage(s: ArchiveState, generatedAt: string, stateComment: string): { path: string; body: string } {
  const depth = 2;
  const first = s.page * ARCHIVE_PAGE_RUNS + 1;
  const nav = html`<p>${s.page > 0 ? link(historyPagePath(s.fn, s.page - 1), depth, `older runs (archive page ${s.page})`) : 'This is the oldest archive page.'}</p>`;
  const rows = s.runs.slice().reverse();
  const body = renderPage({ title: `${s.fn} runs ${first}–${first + s.runs.length - 1}`, depth, state: stateComment }, html`archive page ${s.page + 1}, generated ${when(generatedAt)}`,
    html`<section id="runs">${nav}${runsTable(rows, `${s.fn} runs ${first} to ${first + s.runs.length - 1}, newest first`, depth)}</section>`);
  return { path: historyPagePath(s.fn, s.page), body };
}

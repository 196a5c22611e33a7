import { html, raw, type SafeHtml } from './html-escape.ts';
import { href } from './html-links.ts';
import { DASHBOARD_CSS } from './html-style.ts';

/** No script, no external resource: the Content-Security-Policy forbids both (the pages need neither). */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export const when = (iso: string | undefined): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');
export const badge = (kind: string | undefined): SafeHtml => html`<span class="badge b-${kind ?? 'none'}">${kind ?? '—'}</span>`;
export const sevBadge = (s: string): SafeHtml => html`<span class="sev s-${s}">${s}</span>`;
export const counters = (summary: Record<string, number>): SafeHtml[] =>
  Object.entries(summary).filter(([, v]) => typeof v === 'number' && v !== 0).map(([k, v]) => html`<span class="kv">${k}&nbsp;<b>${v}</b></span>`);
export const link = (path: string, depth: number, text: unknown): SafeHtml => html`<a href="${href(path, depth)}">${text}</a>`;

export interface PageOptions {
  title: string;
  /** Folders below the dashboard folder (for the navigation links). */
  depth: number;
  /** The state comment (page-state.ts), appended after </html>. */
  state?: string;
}

/** A whole page: skip link, navigation, one h1, the main content. */
export function renderPage(o: PageOptions, subtitle: SafeHtml, main: SafeHtml): string {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${raw(PAGE_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title}</title><style>${raw(DASHBOARD_CSS)}</style></head>
<body><header><nav aria-label="dashboard"><ul><li>${link('index.html', o.depth, 'Dashboard')}</li><li>${link('index.html#runs', o.depth, 'Runs')}</li><li>${link('index.html#findings', o.depth, 'Findings')}</li><li>${link('index.html#buckets', o.depth, 'Buckets')}</li></ul></nav>
<h1>${o.title}</h1><p class="muted">${subtitle}</p></header>
<main>${main}</main>
</body></html>
`;
  return page.__html + (o.state ?? '');
}

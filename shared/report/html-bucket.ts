import type { BucketState } from './bucket-state.ts';
import { html, raw, type SafeHtml } from './html-escape.ts';
import { bucketPagePath, runPagePath } from './html-links.ts';
import { badge, counters, link, renderPage, sevBadge, when } from './html-page.ts';
import { sectionOf } from './run-facts.ts';

const DEPTH = 1;
const run = (fn: string, id: string) => link(runPagePath(fn, id), DEPTH, id);

function observed(s: BucketState): SafeHtml {
  if (!s.observed) return html`<section id="observed"><h2>Settings as last read</h2><p>No apply-config plan or drift run has read this bucket yet.</p></section>`;
  const at = s.observed.at;
  const since = Object.entries(s.writes).filter(([, w]) => w && w.at > at)
    .map(([section, w]) => html`<p class="fixed">Since then ${run('apply-config', w!.id)} wrote ${section} (${when(w!.at)}).</p>`);
  return html`<section id="observed"><h2>Settings as last read</h2><p class="muted">the managed sections as of ${when(at)}, run ${run('apply-config', s.observed.id)} (secrets masked; null: none exists)</p><pre>${JSON.stringify(s.observed.settings, null, 2)}</pre>${since}</section>`;
}

function applies(s: BucketState): SafeHtml {
  const last = s.applies.find((r) => r.kind !== 'plan' && r.kind !== 'drift check' && r.kind !== 'refused');
  const lastLine = last ? html`<p>Last apply: ${badge(last.ok ? 'ok' : 'fail')} ${last.kind}, ${when(last.at)}, run ${run('apply-config', last.id)}</p>` : html`<p>No apply yet.</p>`;
  const rows = s.applies.map((r) => html`<tr><td>${when(r.at)}<br>${run('apply-config', r.id)}</td><td>${r.kind}${r.src ? html`<br><span class="muted">${r.src}</span>` : raw('')}</td><td>${badge(r.ok ? 'ok' : 'fail')}</td><td>${r.items.map((i) => html`<div>${badge(i.status)} <code>${i.code}</code>${i.target ? ` ${i.target}` : ''}: ${i.message}</div>`)}</td></tr>`);
  return html`<section id="apply"><h2>Apply and drift history</h2>${lastLine}${rows.length ? html`<table><caption>apply-config runs about this bucket, newest first</caption><thead><tr><th scope="col">run</th><th scope="col">kind and trigger</th><th scope="col">result</th><th scope="col">what it found or did</th></tr></thead><tbody>${rows}</tbody></table>` : raw('')}</section>`;
}

function findings(s: BucketState): SafeHtml {
  if (!s.audit) return html`<section id="findings"><h2>Findings</h2><p>audit-referer has not looked at this bucket yet.</p></section>`;
  const rows = s.findings.map((f) => {
    const section = sectionOf(f);
    const w = section ? s.writes[section] : undefined;
    const fixed = f.open && w && w.at > f.lastSeen ? html`<div class="fixed">possibly fixed by ${run('apply-config', w.id)} (${section} written ${when(w.at)})</div>` : raw('');
    return html`<tr class="finding"><td>${sevBadge(f.severity)}</td><td>${f.open ? 'open' : 'no longer reported'}</td><td><code>${f.code}</code>${f.target ? html`<br><span class="muted">${f.target}</span>` : raw('')}</td><td>${f.message}${f.hint ? html`<div class="hint">Fix: ${f.hint}</div>` : raw('')}${fixed}</td><td>${when(f.firstSeen)}</td><td>${when(f.lastSeen)}<br>${run('audit-referer', f.runId)}</td></tr>`;
  });
  return html`<section id="findings"><h2>Findings</h2><p class="muted">as of ${when(s.audit.at)}, run ${run('audit-referer', s.audit.id)}</p>${rows.length ? html`<table><caption>Findings, open first</caption><thead><tr><th scope="col">severity</th><th scope="col">state</th><th scope="col">code</th><th scope="col">what and how to fix</th><th scope="col">first seen</th><th scope="col">last seen</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>No findings.</p>`}</section>`;
}

function origins(s: BucketState): SafeHtml {
  if (!s.origins) return html`<section id="origins"><h2>Origin health per rule</h2><p>validate-mirror-origin has not checked this bucket yet.</p></section>`;
  const rows = s.origins.rules.map((r) => html`<tr><td>${badge(r.status)}</td><td>${r.target}</td><td>${r.message}${r.problems.map((p) => html`<div class="problem">${badge(p.status)} <code>${p.code}</code> ${p.message}</div>`)}${r.hint ? html`<div class="hint">Fix: ${r.hint}</div>` : raw('')}</td></tr>`);
  return html`<section id="origins"><h2>Origin health per rule</h2><p class="muted">as of ${when(s.origins.at)}, run ${run('validate-mirror-origin', s.origins.id)}</p>${rows.length ? html`<table><caption>Mirror rules and their origin checks</caption><thead><tr><th scope="col">status</th><th scope="col">rule</th><th scope="col">result</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>No mirror rules checked.</p>`}</section>`;
}

function refresh(s: BucketState): SafeHtml {
  if (s.refresh.length === 0) return html`<section id="refresh"><h2>Refresh history</h2><p>refresh-stale-objects has not run on this bucket yet.</p></section>`;
  const rows = s.refresh.map((r) => html`<tr><td>${when(r.at)}<br>${run('refresh-stale-objects', r.id)}</td><td>${badge(r.ok ? 'ok' : 'fail')}</td><td>${counters(r.n)}</td></tr>`);
  return html`<section id="refresh"><h2>Refresh history</h2><table><caption>refresh-stale-objects runs on this bucket, newest first</caption><thead><tr><th scope="col">run</th><th scope="col">result</th><th scope="col">counters</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** One bucket's page (`buckets/<bucket>.html`), carrying its state. */
export function renderBucketPage(s: BucketState, generatedAt: string, stateComment: string): { path: string; body: string } {
  const body = renderPage({ title: `Bucket ${s.bucket}`, depth: DEPTH, state: stateComment }, html`generated ${when(generatedAt)} from the stored reports`,
    html`${observed(s)}${applies(s)}${findings(s)}${origins(s)}${refresh(s)}`);
  return { path: bucketPagePath(s.bucket), body };
}

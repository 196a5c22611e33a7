import { html, raw, type SafeHtml } from './html-escape.ts';

export interface ChartSeries {
  name: string;
  /** One value per x position (undefined = no value that run). */
  values: Array<number | undefined>;
}

export interface ChartOptions {
  id: string;
  title: string;
  /** Label per x position (run time). */
  labels: string[];
}

const W = 320;
const H = 120;
const PAD = { left: 36, right: 8, top: 10, bottom: 22 };
const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

/** One series as a small bar chart with its own y scale from 0 (so no series can hide another). */
function multiple(s: ChartSeries, labels: string[], id: string): SafeHtml {
  const n = labels.length;
  const nums = s.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const max = Math.max(1, ...nums);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, n);
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  const y = (v: number) => PAD.top + plotH - (plotH * v) / max;
  const bars = s.values.map((v, i) => {
    if (typeof v !== 'number') return raw('');
    const x = PAD.left + slot * i + (slot - barW) / 2;
    const label = n === 1 ? html`<text x="${fmt(x + barW / 2)}" y="${fmt(y(v) - 3)}" text-anchor="middle">${v}</text>` : raw('');
    return html`<rect class="bar" x="${fmt(x)}" y="${fmt(y(v))}" width="${fmt(barW)}" height="${fmt(PAD.top + plotH - y(v))}"><title>${s.name} ${v} — ${labels[i]}</title></rect>${label}`;
  });
  const grid = [0, 1].map((f) => html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${fmt(y(max * f))}" y2="${fmt(y(max * f))}" class="grid"/><text x="${PAD.left - 4}" y="${fmt(y(max * f) + 4)}" text-anchor="end">${fmt(max * f)}</text>`);
  const last = nums.length > 0 ? s.values[s.values.length - 1] : undefined;
  const caption = `${s.name}: ${typeof last === 'number' ? `latest ${last}` : 'no value in the latest run'}${nums.length > 1 ? `, max ${fmt(max)}` : ''}`;
  const xLabels = n === 0 ? [] : [...new Set([0, n - 1])].map((i) => html`<text x="${fmt(PAD.left + slot * i + slot / 2)}" y="${H - 6}" text-anchor="${n === 1 ? 'middle' : i === 0 ? 'start' : 'end'}">${labels[i]?.slice(0, 10)}</text>`);
  return html`<figure class="chart" data-series="${s.name}"><svg id="${id}-${s.name}" role="img" aria-label="${caption}" viewBox="0 0 ${W} ${H}"><title>${caption}</title><g class="axis">${grid}${xLabels}</g><g class="series" data-series="${s.name}">${bars}</g></svg><figcaption>${caption}</figcaption></figure>`;
}

/**
 * Small multiples: one small bar chart per series, each on its own scale, then the same numbers as a
 * table (for screen readers, print and readers without CSS). One run is still a figure: one labelled bar each.
 */
export function smallMultiples(series: readonly ChartSeries[], options: ChartOptions): SafeHtml {
  const head = series.map((s) => html`<th scope="col">${s.name}</th>`);
  const rows = options.labels.map((l, i) => html`<tr><th scope="row">${l}</th>${series.map((s) => html`<td>${s.values[i] ?? '—'}</td>`)}</tr>`);
  return html`<div id="${options.id}" class="multiples" role="group" aria-label="${options.title}">${series.map((s) => multiple(s, options.labels, options.id))}</div>
<details><summary>${options.title} as a table</summary><table><caption>${options.title}</caption><thead><tr><th scope="col">run</th>${head}</tr></thead><tbody>${rows}</tbody></table></details>`;
}

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
  width?: number;
  height?: number;
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed'];
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/** A line chart as inline SVG (no script): one polyline and dots (with `<title>` tooltips) per series, y axis from 0. */
export function lineChart(series: readonly ChartSeries[], options: ChartOptions): SafeHtml {
  const width = options.width ?? 720;
  const height = options.height ?? 220;
  const n = options.labels.length;
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number) => PAD.top + plotH - (plotH * v) / max;
  const fmt = (v: number) => (Math.round(v * 10) / 10).toString();
  const grid = [0, 0.5, 1].map((f) => html`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${fmt(y(max * f))}" y2="${fmt(y(max * f))}" class="grid"/><text x="${PAD.left - 6}" y="${fmt(y(max * f) + 4)}" text-anchor="end">${fmt(max * f)}</text>`);
  const xLabels = n === 0 ? [] : [0, n - 1].filter((i, k, a) => a.indexOf(i) === k).map((i) => html`<text x="${fmt(x(i))}" y="${height - 8}" text-anchor="${i === 0 && n > 1 ? 'start' : 'end'}">${options.labels[i]}</text>`);
  const lines = series.map((s, k) => {
    const color = COLORS[k % COLORS.length]!;
    const pts = s.values.map((v, i) => (typeof v === 'number' ? `${fmt(x(i))},${fmt(y(v))}` : undefined)).filter((p): p is string => p !== undefined);
    const dots = s.values.map((v, i) => (typeof v === 'number' ? html`<circle cx="${fmt(x(i))}" cy="${fmt(y(v))}" r="3.5" fill="${color}"><title>${s.name} ${v} — ${options.labels[i]}</title></circle>` : raw('')));
    return html`<g class="series" data-series="${s.name}"><polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>${dots}</g>`;
  });
  const legend = series.map((s, k) => html`<span class="legend"><i style="background:${COLORS[k % COLORS.length]!}"></i>${s.name}</span>`);
  return html`<figure class="chart"><svg id="${options.id}" role="img" aria-label="${options.title}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMidYMid meet"><title>${options.title}</title><g class="axis">${grid}${xLabels}</g>${lines}</svg><figcaption>${legend}</figcaption></figure>`;
}

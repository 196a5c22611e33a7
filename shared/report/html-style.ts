/**
 * The pages' stylesheet (inline: the pages are self-contained). Status and severity are always written
 * as words; colour only repeats them. Dark mode by media query; print drops backgrounds and shows link targets.
 */
export const DASHBOARD_CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f8fafc;--card:#fff;--line:#e5e7eb;--head:#f1f5f9;--muted:#4b5563;--link:#1d4ed8}
body{margin:0 auto;max-width:1200px;padding:16px 24px}
a{color:var(--link)}
nav ul{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:4px 16px}
h1{font-size:1.6rem;margin:.2em 0}h2{font-size:1.25rem;margin:0 0 .5em}h3{font-size:1.05rem}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0}
section:target{outline:3px solid var(--link)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:var(--head);font-weight:600}
.matrix th.code{font-size:.72rem;max-width:7em;white-space:normal}
.matrix td{text-align:center}
.scroll{overflow-x:auto}
.muted{color:var(--muted);font-size:.85em}
.kv{display:inline-block;margin:0 10px 2px 0;white-space:nowrap}
.badge,.sev{display:inline-block;border-radius:4px;padding:1px 6px;font-size:.8rem;font-weight:600;border:1px solid currentColor}
.b-ok{background:#dcfce7;color:#14532d}.b-warn{background:#fef9c3;color:#713f12}.b-fail{background:#fee2e2;color:#7f1d1d}
.b-none{background:#e5e7eb;color:#111827}
.s-critical{background:#7f1d1d;color:#fff}.s-high{background:#fee2e2;color:#7f1d1d}.s-medium{background:#ffedd5;color:#7c2d12}
.s-low{background:#fef9c3;color:#713f12}.s-info{background:#e0f2fe;color:#0c4a6e}
.hint{font-size:.85em;margin-top:3px}.problem{margin-top:3px;font-size:.85em}
.fixed{font-size:.85em;margin-top:3px;font-style:italic}
pre{white-space:pre-wrap;word-break:break-word;font-size:.8rem;background:var(--head);padding:6px;border-radius:4px;max-height:30em;overflow:auto}
.multiples{display:flex;flex-wrap:wrap;gap:12px}
.multiples figure{margin:0;flex:1 1 220px;max-width:360px}
.multiples svg{width:100%;height:auto;max-height:140px}
.chart .grid{stroke:var(--line)}.chart text{font-size:11px;fill:var(--muted)}
.chart .bar{fill:#2563eb}.chart .line{stroke:#2563eb;fill:none;stroke-width:2}.chart .dot{fill:#2563eb}
code{font-size:.85em}
@media (prefers-color-scheme:dark){
:root{color:#e5e7eb;background:#0b1120;--card:#111827;--line:#374151;--head:#1f2937;--muted:#9ca3af;--link:#93c5fd}
.chart .bar,.chart .dot{fill:#60a5fa}.chart .line{stroke:#60a5fa}
}
@media print{
:root{background:#fff;color:#000}section{border:0;padding:0;break-inside:avoid-page}nav{display:none}
a[href]::after{content:" (" attr(href) ")";font-size:.75em;color:#444}
pre{max-height:none}
}
`;

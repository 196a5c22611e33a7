/** The dashboard's stylesheet (inline: the page is self-contained). */
export const DASHBOARD_CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f8fafc}
body{margin:0 auto;max-width:1200px;padding:16px 24px}
h1{font-size:1.6rem;margin:.2em 0}h2{font-size:1.25rem;margin:0 0 .5em}h3{font-size:1.05rem}
section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:14px 18px;margin:14px 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:#f1f5f9;font-weight:600}
.matrix th.code{font-size:.72rem;max-width:7em;white-space:normal}
.matrix td{text-align:center}
.scroll{overflow-x:auto}
.muted{color:#6b7280;font-size:.85em}
.kv{display:inline-block;margin:0 10px 2px 0;white-space:nowrap}
.badge,.sev{display:inline-block;border-radius:4px;padding:1px 6px;font-size:.8rem;font-weight:600}
.b-ok{background:#dcfce7;color:#166534}.b-warn{background:#fef9c3;color:#854d0e}.b-fail{background:#fee2e2;color:#991b1b}
.b-none{background:#e5e7eb}
.s-critical{background:#7f1d1d;color:#fff}.s-high{background:#fee2e2;color:#991b1b}.s-medium{background:#ffedd5;color:#9a3412}
.s-low{background:#fef9c3;color:#854d0e}.s-info{background:#e0f2fe;color:#075985}
td.none{color:#cbd5e1}
.hint{color:#374151;font-size:.85em;margin-top:3px}.problem{margin-top:3px;font-size:.85em}
.chart{margin:0}.chart svg{background:#fff;max-height:260px}
.chart .grid{stroke:#e5e7eb}.chart text{font-size:11px;fill:#6b7280}
.legend{margin-right:14px;font-size:.85rem}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
code{font-size:.85em}
`;

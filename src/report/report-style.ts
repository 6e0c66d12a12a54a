/** The report's CSS: readable on screen, clean when printed to PDF (A4, no navigation, no split tables or figures). */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.45; color: #1b1f24; max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1f5fa8; padding-bottom: .2rem; margin-top: 2.2rem; }
h2 .num { color: #1f5fa8; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.subtitle { color: #555; margin-top: 0; font-size: .9rem; }
nav ol { columns: 2; font-size: .95rem; }
nav h2.toc { border: 0; font-size: 1rem; margin-top: 1rem; }
nav ol { list-style: none; padding-left: 0; } /* the entries carry their section numbers */
p.key { font-size: 1.05rem; background: #f1f5fb; border-left: 4px solid #1f5fa8; padding: .5rem .8rem; }
p.methods { text-align: justify; }
.table { overflow-x: auto; }
table { border-collapse: collapse; font-family: Helvetica, Arial, sans-serif; font-size: .82rem; margin: .6rem 0; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #d9dee5; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #555; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .8rem; color: #555; }
pre { font-size: .75rem; background: #f6f7f9; padding: .6rem; white-space: pre-wrap; word-break: break-all; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  table, figure, p.key { break-inside: avoid; page-break-inside: avoid; }
  section#reproducibility { break-before: page; }
  a { color: inherit; text-decoration: none; }
  .table { overflow: visible; }
}
`;

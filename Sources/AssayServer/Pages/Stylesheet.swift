// Assay — quality control for human-labelled training data.

/// The dashboard's one style sheet, inline in every page (no request leaves for it): system
/// fonts, a readable measure, tables with tabular figures, charts that scale to their column, and
/// one column below 760 px.
enum Stylesheet {
    static let css = """
        :root{--ink:#1f2933;--muted:#5f6b7a;--line:#e3e7ec;--bg:#f5f7fa;--card:#fff;--accent:#0b5cad;\
        --warn:#9a3412;--warnbg:#fff4e5;--ok:#166534;--okbg:#eaf7ee}
        *{box-sizing:border-box}[hidden]{display:none!important}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
        color:var(--ink);background:var(--bg)}
        a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
        header.top{background:#15202b;color:#fff}
        .top-inner{max-width:1240px;margin:0 auto;padding:10px 20px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 22px}
        .brand{font-weight:700;font-size:18px;letter-spacing:.02em;color:#fff}
        .brand span{color:#8ec5ff}
        nav.main{display:flex;flex-wrap:wrap;gap:2px 4px;flex:1}
        nav.main a{color:#d6e2ee;padding:4px 9px;border-radius:6px}
        nav.main a.active,nav.main a:hover{background:#2b3a4a;color:#fff;text-decoration:none}
        .who{display:flex;align-items:center;gap:10px;color:#b7c4d1;font-size:13px}
        .who form{margin:0}
        .who button{background:transparent;border:1px solid #4b5d70;color:#e6edf3;border-radius:6px;padding:3px 10px;\
        font:inherit;cursor:pointer}
        main{max-width:1240px;margin:0 auto;padding:18px 20px 40px}
        h1{font-size:24px;margin:6px 0 4px}h2{font-size:18px;margin:26px 0 10px}h3{font-size:15px;margin:16px 0 6px}
        .crumbs{color:var(--muted);font-size:13px}
        .lede{color:var(--muted);margin:0 0 14px;max-width:80ch}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin:12px 0}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:10px 0}
        .tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 12px}
        .tile b{display:block;font-size:21px;font-variant-numeric:tabular-nums}
        .tile span{color:var(--muted);font-size:12.5px}
        .note{background:var(--warnbg);color:var(--warn);border:1px solid #f5d0a9;border-radius:8px;padding:8px 12px;margin:8px 0}
        .good{background:var(--okbg);color:var(--ok);border:1px solid #b7e1c4;border-radius:8px;padding:8px 12px;margin:8px 0}
        .reading{margin:4px 0;max-width:100ch}
        .consensus{font-weight:600;margin:6px 0;max-width:100ch}.answers{margin:4px 0 0;padding-left:20px;color:var(--muted)}\
        .answers li{margin:2px 0}
        .scroll{overflow-x:auto;max-width:100%}
        table.data{border-collapse:collapse;width:100%;font-size:13.5px;background:var(--card)}
        table.data th,table.data td{padding:5px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        table.data th{font-weight:600;color:var(--muted);font-size:12.5px;background:#fafbfc;vertical-align:bottom}
        table.data .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        table.data .num .small,table.data th.num{white-space:normal}table.data .num .ci{display:inline-block;white-space:nowrap}
        table.data tbody tr:hover{background:#f7fafd}
        table.sortable th{cursor:pointer;user-select:none}
        table.sortable th[aria-sort=ascending]::after{content:" ▲"}table.sortable th[aria-sort=descending]::after{content:" ▼"}
        .flag{display:block;min-width:220px;max-width:420px;background:var(--warnbg);color:var(--warn);border-radius:4px;\
        padding:1px 6px;margin:1px 0;font-size:12.5px}
        .pill{display:inline-block;border-radius:999px;padding:1px 8px;font-size:12px;background:#eef2f7;color:#334155}
        .pill.bad{background:#fde8e8;color:#9b1c1c}.pill.ok{background:var(--okbg);color:var(--ok)}
        figure.figure{margin:12px 0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
        figcaption{font-weight:600;margin-bottom:8px}
        .figure-body{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;align-items:start}
        .figure-table summary{cursor:pointer;color:var(--muted);font-size:13px}
        .figure-table .scroll{max-height:340px;overflow:auto}
        svg.chart{max-width:100%;height:auto;display:block;font-size:11px}
        svg.chart text{fill:#3c4a59}svg.chart .tick-label{font-size:10.5px;fill:#5f6b7a}
        svg.chart .row-label{font-size:11.5px}svg.chart .legend{font-size:11px}
        svg.chart .axis-name{font-size:11px;fill:#5f6b7a}
        svg.chart .grid{stroke:#edf0f3}svg.chart .axis,svg.chart .tick{stroke:#9aa5b1}
        svg.chart .reference{stroke:#5f6b7a;stroke-dasharray:4 3}
        svg.chart .cell-value{font-size:12px;font-variant-numeric:tabular-nums}
        svg.chart .cell-note{font-size:9.5px}svg.chart .on-dark{fill:#fff}
        svg.chart .cell-empty{fill:#f3f4f6;stroke:#fff}
        svg.chart .mark:hover{opacity:.8}
        .grid2{display:grid;grid-template-columns:1fr 1fr;gap:14px}.grid2 .figure-body{grid-template-columns:minmax(0,1fr)}
        form.inline{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
        input[type=text],input[type=password],input[type=number],select{font:inherit;padding:6px 8px;border:1px solid #c5ced8;border-radius:6px}
        button.primary,a.button{background:var(--accent);color:#fff;border:0;border-radius:6px;padding:7px 14px;font:inherit;cursor:pointer}
        a.button:hover{text-decoration:none;background:#094c8f}
        .signin{max-width:440px;margin:8vh auto}
        .signin input{width:100%;margin:6px 0 12px}
        .muted{color:var(--muted)}.small{font-size:12.5px}
        .pager{display:flex;gap:12px;align-items:center;margin:10px 0}
        .labels{margin:0;padding:0;list-style:none}.labels li{white-space:nowrap}
        .queue{max-width:760px;margin:0 auto}
        .q-item{background:var(--card);border:2px solid var(--line);border-radius:12px;padding:18px 20px;min-height:140px;font-size:17px}
        .q-item dl{margin:0}.q-item dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .q-item dd{margin:0 0 10px;white-space:pre-wrap;overflow-wrap:anywhere}
        .q-classes{display:flex;flex-wrap:wrap;gap:8px;margin:14px 0}
        .q-classes button{font:inherit;padding:8px 14px;border-radius:8px;border:1px solid #c5ced8;background:#fff;cursor:pointer}
        .q-classes button kbd{background:#eef2f7;border-radius:4px;padding:0 5px;margin-right:6px;font-size:13px}
        .q-classes button.chosen{border-color:var(--accent);box-shadow:0 0 0 2px #b9d6f5}
        .q-progress{height:6px;background:#e6ebf1;border-radius:3px;overflow:hidden;margin:8px 0}
        .q-progress div{height:100%;background:var(--accent);width:0}
        kbd{font-family:ui-monospace,Menlo,Consolas,monospace}
        .q-help{display:none}.q-help.open{display:block}
        .queue.q-wide{max-width:1100px}.q-pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}
        .q-side{border:1px solid var(--line);border-radius:8px;padding:10px 12px}.q-side h3{margin:0 0 6px;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .q-text{white-space:pre-wrap;overflow-wrap:anywhere}@media (max-width:760px){.q-pair{grid-template-columns:minmax(0,1fr)}}
        @media (max-width:760px){.figure-body,.grid2{grid-template-columns:minmax(0,1fr)}main{padding:12px}\
        .top-inner{padding:8px 12px;gap:4px 10px}nav.main{order:3;flex-basis:100%;flex-wrap:nowrap;overflow-x:auto}.who{margin-left:auto}\
        h1{font-size:20px}.tiles{grid-template-columns:repeat(2,1fr)}\
        .figure-chart{overflow-x:auto}svg.chart{max-width:max(100%,440px)}}
        """
}

// Assay — quality control for human-labelled training data.

/// The dashboard's small inline scripts (JavaScript only where it earns its place).
enum Scripts {
    /// Tables with class `sortable` sort by a column when its header is clicked (or focused and
    /// Enter pressed): numbers by the exact value of their `data-value`, text alphabetically,
    /// empty cells last; `aria-sort` tells screen readers the order.
    static let sortable = """
        document.querySelectorAll('table.sortable').forEach(function(t){\
        var hs=t.querySelectorAll('thead th');hs.forEach(function(th,i){th.tabIndex=0;\
        function key(r){var c=r.cells[i];if(!c)return null;var s=c.querySelector('[data-value]');\
        var v=c.getAttribute('data-sort');if(v===null)v=s?s.getAttribute('data-value'):c.textContent.trim();\
        if(v===''||v==='—')return null;var n=Number(v);return isNaN(n)?v.toLowerCase():n;}\
        function go(){var asc=th.getAttribute('aria-sort')!=='ascending';\
        hs.forEach(function(h){h.removeAttribute('aria-sort');});th.setAttribute('aria-sort',asc?'ascending':'descending');\
        var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);\
        rows.sort(function(p,q){var x=key(p),y=key(q);if(x===null)return y===null?0:1;if(y===null)return -1;\
        if(typeof x!==typeof y){x=String(x);y=String(y);}return (x<y?-1:x>y?1:0)*(asc?1:-1);});\
        rows.forEach(function(r){b.appendChild(r);});}\
        th.addEventListener('click',go);th.addEventListener('keydown',function(e){\
        if(e.key==='Enter'||e.key===' '){e.preventDefault();go();}});});});
        """
}

// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation

/// The labelling page: one item at a time, keyboard first. Number keys give a class (categorical),
/// ← and → say which of two answers is better and ↓ calls it a tie (pairwise), `s` skips, `u`
/// undoes the last answer or skip, `d` ends the round early, Enter delivers the finished round,
/// `?` shows the keys; every answer has its button too. Time on each item is measured in the browser from the moment it is
/// shown; the answers are sent with the round's id and the session's CSRF token in one form.
enum QueuePage {
    /// The annotator's projects.
    static func home(_ server: AssayServer, _ page: PageRequest) async throws -> HTML {
        let caller = page.signedIn
        var items: [HTML] = []
        for p in try await server.store.projects() where caller.mayReach(project: p.name) {
            guard QueueSource.types.contains(p.taskType) else { continue }
            let what =
                p.type == .pairwise
                ? "pairs: which answer is better" : "classes \(p.classes.joined(separator: ", "))"
            items.append(
                """
                <li><a class="button" href="/queue/\(AssayServer.formEncode(p.name))">Label \(p.name)</a> \
                <span class="muted">\(what)</span></li>
                """)
        }
        let list: HTML =
            items.isEmpty
            ? "<p class=\"card\">No project to label.</p>" : "<ul class=\"labels\">" + HTML(items) + "</ul>"
        return """
            <div class="queue"><h1>Labelling queue</h1><p class="lede">You label as \
            <b>\(caller.token.subject ?? "")</b> of the in-house team. Pick a project.</p>\(list)</div>
            """
    }

    /// The page of a round, or a note when nothing is left; `delivered` reports the last delivery.
    static func render(
        _ p: ProjectRecord, _ round: QueueRound?, page: PageRequest, delivered: (id: String, labels: String)?
    ) -> HTML {
        var out: HTML =
            "<div class=\"queue\(p.type == .pairwise ? " q-wide" : "")\"><p class=\"crumbs\"><a href=\"/queue\">Queue</a> › \(p.name)</p>"
        if let d = delivered {
            out +=
                "<p class=\"good\" id=\"delivered\">Delivered \(d.labels) labels as delivery #\(d.id). Next round below.</p>"
        }
        guard let round, let session = page.session else {
            return out
                + "<div class=\"card\"><h1>Nothing left to label</h1><p>Every item this queue would send you is labelled. Thank you.</p></div></div>"
        }
        let pairwise = p.type == .pairwise
        let buttons = HTML(
            pairwise
                ? [
                    (0, "ArrowLeft", "←", "Left is better"), (2, "ArrowDown", "↓", "Tie"),
                    (1, "ArrowRight", "→", "Right is better"),
                ]
                .map { c, key, glyph, name in
                    "<button type=\"button\" data-class=\"\(c)\" data-key=\"\(key)\"><kbd>\(glyph)</kbd>\(name)</button>"
                }
                : p.classes.enumerated().map { c, name in
                    c < 9
                        ? "<button type=\"button\" data-class=\"\(c)\" data-key=\"\(c + 1)\"><kbd>\(c + 1)</kbd>\(name)</button>"
                        : "<button type=\"button\" data-class=\"\(c)\">\(name)</button>"
                })
        let articles = HTML(
            round.items.enumerated().map { j, item in
                var body: HTML =
                    item.fields.isEmpty
                    ? (item.pair == nil ? "<p class=\"muted\">(no text is stored for this item)</p>" : "")
                    : "<dl>" + HTML(item.fields.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }) + "</dl>"
                if let pair = item.pair {
                    body +=
                        "<div class=\"q-pair\">" + side("Left", pair.left, pair.leftText)
                        + side("Right", pair.right, pair.rightText) + "</div>"
                }
                return """
                    <article class="q-item" data-index="\(j)" hidden><p class="muted small">item \(item.item)</p>\(body)</article>
                    """
            })
        let keys: HTML =
            pairwise
            ? "<kbd>←</kbd> left better · <kbd>→</kbd> right better · <kbd>↓</kbd> tie"
            : "<kbd>1</kbd>–<kbd>\(min(9, p.classes.count))</kbd> class"
        let help: HTML =
            pairwise
            ? "<kbd>←</kbd> the left answer is better · <kbd>→</kbd> the right one is · <kbd>↓</kbd> they are as good (a tie)"
            : "<kbd>1</kbd>…<kbd>9</kbd> choose a class"
        out += """
            <h1>\(p.name)</h1><p class="lede">Round of \(round.items.count) items. Keys: \
            \(keys) · <kbd>s</kbd> skip · <kbd>u</kbd> undo · \
            <kbd>?</kbd> help</p>\
            <div class="q-progress" aria-hidden="true"><div id="q-bar"></div></div>\
            <p class="muted small" id="q-status" aria-live="polite"></p>\
            <section id="q-items">\(articles)</section>\
            <div class="q-classes" id="q-classes" role="group" aria-label="\(pairwise ? "answers" : "classes")">\(buttons)</div>\
            <div class="card" id="q-done" hidden><p id="q-summary"></p>\
            <form method="post" action="/queue/\(AssayServer.formEncode(p.name))" id="q-form">\
            <input type="hidden" name="csrf" value="\(session.csrf)">\
            <input type="hidden" name="round" value="\(round.id)">\
            <input type="hidden" name="answers" id="q-answers" value="">\
            <button class="primary" type="submit" id="q-send">Deliver (Enter)</button> \
            <span class="muted small">or <kbd>u</kbd> to go back</span></form></div>\
            <div class="card q-help" id="q-help"><h3>Keys</h3><p>\(help) · \
            <kbd>s</kbd> skip the item · <kbd>u</kbd> undo the last answer or skip · <kbd>d</kbd> finish the round now · \
            <kbd>Enter</kbd> deliver a finished round · <kbd>?</kbd> this help. Time on each item is recorded.</p></div></div>
            """
        return out
    }

    /// One side of a pairwise item: its text, or the object's id when no text is stored.
    static func side(_ name: String, _ object: String, _ text: String?) -> HTML {
        let body: HTML =
            text.map { "<div class=\"q-text\">\($0)</div>" } ?? "<div class=\"q-text\"><b>\(object)</b></div>"
        return "<section class=\"q-side\" aria-label=\"\(name) answer\"><h3>\(name)</h3>\(body)</section>"
    }

    /// The page's script.
    static let script = """
        (function(){var items=document.querySelectorAll('#q-items article');var n=items.length;\
        var buttons=document.querySelectorAll('#q-classes button');var pos=0,start=performance.now();\
        var answers={},history=[],finished=false;\
        function show(){items.forEach(function(a,j){a.hidden=(j!==pos||finished);});\
        var done=Object.keys(answers).length;document.getElementById('q-bar').style.width=(100*history.length/n)+'%';\
        document.getElementById('q-status').textContent=finished?'':('Item '+(pos+1)+' of '+n+' · '+done+' labelled');\
        document.getElementById('q-classes').hidden=finished;document.getElementById('q-done').hidden=!finished;\
        if(finished){var skipped=history.length-done;document.getElementById('q-summary').textContent=\
        done+' labelled, '+skipped+' skipped. Deliver them as one delivery?';\
        document.getElementById('q-answers').value=Object.keys(answers).map(function(j){\
        var a=answers[j];return j+':'+a.c+':'+Math.round(a.ms);}).join(';');}\
        start=performance.now();}\
        function advance(){pos+=1;if(pos>=n){pos=n-1;finished=true;}show();}\
        function answer(c){if(finished)return;answers[pos]={c:c,ms:performance.now()-start};\
        history.push(pos);advance();}\
        function skip(){if(finished)return;history.push(pos);advance();}\
        function undo(){if(!history.length)return;var j=history.pop();delete answers[j];pos=j;finished=false;show();}\
        buttons.forEach(function(b){b.addEventListener('click',function(){answer(Number(b.getAttribute('data-class')));});});\
        document.addEventListener('keydown',function(e){if(e.ctrlKey||e.metaKey||e.altKey)return;\
        var t=e.target;if(t&&(t.tagName==='INPUT'||t.tagName==='TEXTAREA'||t.tagName==='SELECT'))return;\
        var k=e.key,b=null;buttons.forEach(function(x){if(x.getAttribute('data-key')===k)b=x;});\
        if(b){e.preventDefault();answer(Number(b.getAttribute('data-class')));}\
        else if(k==='s'){skip();}else if(k==='u'){undo();}else if(k==='d'){finished=true;show();}\
        else if(k==='?'){document.getElementById('q-help').classList.toggle('open');}\
        else if(k==='Enter'&&finished&&t.tagName!=='BUTTON'){e.preventDefault();document.getElementById('q-form').submit();}});\
        if(n===0){finished=true;}show();})();
        """

    /// The answers of a submitted form: `position:answer:milliseconds` separated by `;` (the answer
    /// a class index, or left 0, right 1, tie 2).
    static func parseAnswers(_ text: String) throws -> [(Int, Int, Double)] {
        try text.split(separator: ";").map { part in
            let f = part.split(separator: ":")
            guard f.count == 3, let j = Int(f[0]), let c = Int(f[1]), let ms = Double(f[2]) else {
                throw Problem(
                    .badRequest, "answers are position:answer:milliseconds separated by ';', got '\(part)'")
            }
            return (j, c, ms)
        }
    }
}

// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation

/// The labelling page: one item at a time, keyboard first. Number keys give a class, `s` skips,
/// `u` undoes the last answer or skip, `d` ends the round early, Enter delivers the finished
/// round, `?` shows the keys. Time on each item is measured in the browser from the moment it is
/// shown; the answers are sent with the round's id and the session's CSRF token in one form.
enum QueuePage {
    /// The annotator's projects.
    static func home(_ server: AssayServer, _ page: PageRequest) async throws -> HTML {
        let caller = page.signedIn
        var items: [HTML] = []
        for p in try await server.store.projects() where caller.mayReach(project: p.name) {
            guard p.taskType == "categorical" else { continue }
            items.append(
                """
                <li><a class="button" href="/queue/\(AssayServer.formEncode(p.name))">Label \(p.name)</a> \
                <span class="muted">classes \(p.classes.joined(separator: ", "))</span></li>
                """)
        }
        return """
            <div class="queue"><h1>Labelling queue</h1><p class="lede">You label as \
            <b>\(caller.token.subject ?? "")</b> of the in-house team. Pick a project.</p>\
            \(items.isEmpty ? "<p class=\"card\">No project to label.</p>" : "<ul class=\"labels\">\(items)</ul>")</div>
            """
    }

    /// The page of a round, or a note when nothing is left; `delivered` reports the last delivery.
    static func render(
        _ p: ProjectRecord, _ round: QueueRound?, page: PageRequest, delivered: (id: String, labels: String)?
    ) -> HTML {
        var out: HTML =
            "<div class=\"queue\"><p class=\"crumbs\"><a href=\"/queue\">Queue</a> › \(p.name)</p>"
        if let d = delivered {
            out +=
                "<p class=\"good\" id=\"delivered\">Delivered \(d.labels) labels as delivery #\(d.id). Next round below.</p>"
        }
        guard let round, let session = page.session else {
            return out
                + "<div class=\"card\"><h1>Nothing left to label</h1><p>Every item this queue would send you is labelled. Thank you.</p></div></div>"
        }
        let classes = HTML(
            p.classes.enumerated().map { c, name in
                let key: HTML = c < 9 ? "<kbd>\(c + 1)</kbd>" : ""
                return "<button type=\"button\" data-class=\"\(c)\">\(key)\(name)</button>"
            })
        let articles = HTML(
            round.items.enumerated().map { j, item in
                let fields: HTML =
                    item.fields.isEmpty
                    ? "<p class=\"muted\">(no text is stored for this item)</p>"
                    : "<dl>" + HTML(item.fields.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }) + "</dl>"
                return """
                    <article class="q-item" data-index="\(j)" hidden><p class="muted small">item \(item.item)</p>\(fields)</article>
                    """
            })
        out += """
            <h1>\(p.name)</h1><p class="lede">Round of \(round.items.count) items. Keys: \
            <kbd>1</kbd>–<kbd>\(min(9, p.classes.count))</kbd> class · <kbd>s</kbd> skip · <kbd>u</kbd> undo · \
            <kbd>?</kbd> help</p>\
            <div class="q-progress" aria-hidden="true"><div id="q-bar"></div></div>\
            <p class="muted small" id="q-status" aria-live="polite"></p>\
            <section id="q-items">\(articles)</section>\
            <div class="q-classes" id="q-classes" role="group" aria-label="classes">\(classes)</div>\
            <div class="card" id="q-done" hidden><p id="q-summary"></p>\
            <form method="post" action="/queue/\(AssayServer.formEncode(p.name))" id="q-form">\
            <input type="hidden" name="csrf" value="\(session.csrf)">\
            <input type="hidden" name="round" value="\(round.id)">\
            <input type="hidden" name="answers" id="q-answers" value="">\
            <button class="primary" type="submit" id="q-send">Deliver (Enter)</button> \
            <span class="muted small">or <kbd>u</kbd> to go back</span></form></div>\
            <div class="card q-help" id="q-help"><h3>Keys</h3><p><kbd>1</kbd>…<kbd>9</kbd> choose a class · \
            <kbd>s</kbd> skip the item · <kbd>u</kbd> undo the last answer or skip · <kbd>d</kbd> finish the round now · \
            <kbd>Enter</kbd> deliver a finished round · <kbd>?</kbd> this help. Time on each item is recorded.</p></div></div>
            """
        return out
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
        function answer(c){if(finished||c>=buttons.length)return;answers[pos]={c:c,ms:performance.now()-start};\
        history.push(pos);advance();}\
        function skip(){if(finished)return;history.push(pos);advance();}\
        function undo(){if(!history.length)return;var j=history.pop();delete answers[j];pos=j;finished=false;show();}\
        buttons.forEach(function(b){b.addEventListener('click',function(){answer(Number(b.getAttribute('data-class')));});});\
        document.addEventListener('keydown',function(e){if(e.ctrlKey||e.metaKey||e.altKey)return;\
        var t=e.target;if(t&&(t.tagName==='INPUT'||t.tagName==='TEXTAREA'||t.tagName==='SELECT'))return;\
        var k=e.key;if(k>='1'&&k<='9'){e.preventDefault();answer(Number(k)-1);}\
        else if(k==='s'){skip();}else if(k==='u'){undo();}else if(k==='d'){finished=true;show();}\
        else if(k==='?'){document.getElementById('q-help').classList.toggle('open');}\
        else if(k==='Enter'&&finished&&t.tagName!=='BUTTON'){e.preventDefault();document.getElementById('q-form').submit();}});\
        if(n===0){finished=true;}show();})();
        """

    /// The answers of a submitted form: `position:class:milliseconds` separated by `;`.
    static func parseAnswers(_ text: String) throws -> [(Int, Int, Double)] {
        try text.split(separator: ";").map { part in
            let f = part.split(separator: ":")
            guard f.count == 3, let j = Int(f[0]), let c = Int(f[1]), let ms = Double(f[2]) else {
                throw Problem(
                    .badRequest, "answers are position:class:milliseconds separated by ';', got '\(part)'")
            }
            return (j, c, ms)
        }
    }
}

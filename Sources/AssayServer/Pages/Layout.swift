// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import Hummingbird

/// The frame of every page: head with the inline style sheet, the top bar (what the caller may
/// open, who is signed in, sign-out), the content, and the page's own inline script.
enum Layout {
    /// A section of a project, for the navigation.
    enum Section: String {
        case overview, project, annotators, agreement, review, gold, decisions, vendor, deliveries, queue
    }

    /// A full page as a response.
    static func page(
        _ title: String, _ page: PageRequest, project: ProjectRecord? = nil, section: Section? = nil,
        status: HTTPResponse.Status = .ok, script: String? = nil, _ content: HTML
    ) -> Response {
        let html = document(title, page, project: project, section: section, script: script, content)
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        headers[.contentLength] = "\(html.markup.utf8.count)"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.markup)))
    }

    /// The page's markup.
    static func document(
        _ title: String, _ page: PageRequest, project: ProjectRecord?, section: Section?, script: String?,
        _ content: HTML
    ) -> HTML {
        let scripts = HTML(
            ([Scripts.sortable] + (script.map { [$0] } ?? [])).map {
                "<script nonce=\"\(page.nonce)\">\(HTML.trusted($0))</script>"
            })
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(title) · Assay</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">\
            <style nonce="\(page.nonce)">\(HTML.trusted(Stylesheet.css))</style></head><body>\
            \(topBar(page, project: project, section: section))<main>\(content)</main>\(scripts)</body></html>
            """
    }

    /// The top bar: the brand, the links the caller's role may follow, who is signed in.
    static func topBar(_ page: PageRequest, project: ProjectRecord?, section: Section?) -> HTML {
        var links: [(String, String, Section)] = []
        if let caller = page.caller {
            switch caller.role {
            case .admin, .viewer:
                links.append(("Projects", "/projects", .overview))
                if let p = project {
                    let base = "/projects/" + AssayServer.formEncode(p.name)
                    links += [
                        (p.name, base, .project), ("Annotators", base + "/annotators", .annotators),
                        ("Agreement", base + "/agreement", .agreement), ("Review", base + "/review", .review),
                        ("Gold", base + "/gold", .gold), ("Decisions", base + "/decisions", .decisions),
                    ]
                }
            case .vendor:
                links.append(("Deliveries", "/vendor", .deliveries))
            case .annotator:
                links.append(("Queue", "/queue", .queue))
            }
        }
        let nav = HTML(
            links.map { name, href, s in
                let active: HTML = s == section ? " class=\"active\" aria-current=\"page\"" : ""
                return "<a href=\"\(href)\"\(active)>\(name)</a>"
            })
        var who: HTML = ""
        if let caller = page.caller, let session = page.session {
            who = """
                <div class="who"><span>\(caller.token.roleText)</span><form method="post" action="/signout">\
                <input type="hidden" name="csrf" value="\(session.csrf)"><button type="submit">Sign out</button>\
                </form></div>
                """
        }
        return """
            <header class="top"><div class="top-inner"><a class="brand" href="/">Assay<span>.</span></a>\
            <nav class="main" aria-label="Main">\(nav)</nav>\(who)</div></header>
            """
    }

    /// A failure as a page with its status.
    static func errorPage(_ problem: Problem, _ page: PageRequest) -> Response {
        let home: HTML =
            page.caller == nil ? "<a href=\"/signin\">Sign in</a>" : "<a href=\"/\">Back to the start</a>"
        return Self.page(
            problem.title, page, status: HTTPResponse.Status(code: problem.status),
            """
            <div class="card"><h1>\(problem.title)</h1><p>\(problem.detail)</p><p>\(home)</p></div>
            """)
    }

    /// A link to a project page.
    static func projectPath(_ p: ProjectRecord, _ rest: String = "") -> String {
        "/projects/" + AssayServer.formEncode(p.name) + rest
    }

    /// A link to a vendor's page in a project.
    static func vendorPath(_ p: ProjectRecord, _ vendor: String) -> String {
        projectPath(p, "/vendors/" + AssayServer.formEncode(vendor))
    }

    /// A figure tile: big number, small caption.
    static func tile(_ value: String, _ caption: String, exact: Double? = nil) -> HTML {
        let data: HTML = exact.map { " data-value=\"\(NumberText.exact($0))\"" } ?? ""
        return "<div class=\"tile\"><b\(data)>\(value)</b><span>\(caption)</span></div>"
    }

    /// Warnings as notes.
    static func notes(_ lines: [String]) -> HTML {
        HTML(lines.map { "<p class=\"note\">\($0)</p>" })
    }

    /// An ISO 8601 time shortened to minutes ("2026-03-01 14:05 UTC").
    static func time(_ iso: String) -> String {
        guard iso.count >= 16 else { return iso }
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
    }

    /// Links to the previous and next page of a long list.
    static func pager(_ href: (Int) -> String, page number: Int, of pages: Int, back: String, forward: String)
        -> HTML
    {
        guard pages > 1 else { return "" }
        let previous: HTML = number > 1 ? "<a href=\"\(href(number - 1))\">\(back)</a>" : ""
        let next: HTML = number < pages ? "<a href=\"\(href(number + 1))\">\(forward)</a>" : ""
        return
            "<div class=\"pager\">\(previous)<span class=\"muted\">page \(number) of \(pages)</span>\(next)</div>"
    }

    /// The page number asked for (`?page=`), within 1…`pages`.
    static func pageNumber(_ page: PageRequest, of pages: Int) -> Int {
        min(max(1, pages), max(1, Int(page.query("page") ?? "1") ?? 1))
    }
}

// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import Hummingbird

/// Every page of the dashboard, in one table: the router mounts it beside the API, and the page
/// matrix test tries every row with every kind of caller.
public enum PageRoutes {
    /// The pages.
    public static let routes: [PageRoute] = [
        PageRoute(.get, "/favicon.svg", .open) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(string: SignInPage.icon)))
        },
        PageRoute(.get, "/", .open) { _, page in
            throw PageRedirect(location: page.caller.map { SignInPage.home($0.role) } ?? "/signin")
        },
        PageRoute(.get, "/signin", .open) { server, page in
            if let caller = page.caller { throw PageRedirect(location: SignInPage.home(caller.role)) }
            return SignInPage.form(server, page)
        },
        PageRoute(.post, "/signin", .open) { server, page in try await SignInPage.submit(server, page) },
        PageRoute(.get, "/signin/link/{code}", .open) { server, page in
            guard let tokenID = await server.pages.sessions.redeem(code: try page.parameter("code")) else {
                return SignInPage.form(
                    server, page, error: "That sign-in link was used already or has expired.")
            }
            return try await SignInPage.start(server, page, tokenID: tokenID, next: nil)
        },
        PageRoute(.post, "/signout", .signedIn) { server, page in await SignInPage.signOut(server, page) },
        PageRoute(.get, "/projects", .reader) { server, page in
            Layout.page("Projects", page, section: .overview, try await OverviewPage.render(server, page))
        },
        PageRoute(.get, "/projects/{project}", .reader) { server, page in
            let p = try await page.project(server)
            var content = try await ProjectPage.render(server, page, p)
            if let made = page.query("batch") {
                content = "<p class=\"good\">Batch #\(made) is in the in-house queue.</p>" + content
            }
            return Layout.page(p.name, page, project: p, section: .project, content)
        },
        PageRoute(.post, "/projects/{project}/queue-batch", .admin) { server, page in
            let p = try await page.project(server)
            guard let n = Int(page.form["items"] ?? ""), (1...5000).contains(n) else {
                throw Problem(.badRequest, "items takes a count from 1 to 5000")
            }
            guard
                let made = try await server.queueBatch(
                    p, items: n, excluding: [],
                    name: "queue batch \(ISO8601DateFormatter().string(from: Date()))")
            else { throw Problem(.conflict, "project \(p.name) has no items to send") }
            throw PageRedirect(location: Layout.projectPath(p, "?batch=\(made.id)"))
        },
        PageRoute(.get, "/projects/{project}/decisions", .reader) { server, page in
            let p = try await page.project(server)
            return Layout.page(
                "Decisions · \(p.name)", page, project: p, section: .decisions,
                try await DecisionsPage.render(server, page, p))
        },
        PageRoute(.get, "/projects/{project}/vendors/{vendor}", .reader) { server, page in
            let p = try await page.project(server)
            let vendor = try page.parameter("vendor")
            let content =
                p.taskType == "categorical"
                ? try await VendorPage.render(server, page, p, vendor: vendor)
                : try await TypedProjectPage.section(.vendor, server, p, vendor: vendor)
            return Layout.page("\(vendor) · \(p.name)", page, project: p, section: .vendor, content)
        },
        projectPage("/annotators", "Annotators", .annotators, AnnotatorsPage.render),
        projectPage("/agreement", "Agreement", .agreement, AgreementPage.render),
        projectPage("/review", "Review", .review, ReviewPage.render),
        projectPage("/gold", "Gold", .gold, GoldPage.render),
        PageRoute(.get, "/vendor", .vendor) { server, page in
            Layout.page(
                "Deliveries", page, section: .deliveries, try await VendorPortalPage.render(server, page))
        },
        PageRoute(.get, "/vendor/projects/{project}/batches/{batch}", .vendor) { server, page in
            let p = try await page.project(server)
            let content = try await VendorPortalPage.batch(server, page, p, id: try page.parameter("batch"))
            return Layout.page("Batch · \(p.name)", page, section: .deliveries, content)
        },
        PageRoute(.get, "/queue", .annotator) { server, page in
            Layout.page("Queue", page, section: .queue, try await QueuePage.home(server, page))
        },
        PageRoute(.get, "/queue/{project}", .annotator) { server, page in
            let p = try await page.project(server)
            guard QueueSource.types.contains(p.taskType) else {
                throw Problem.notFound("queue for project \(p.name)")
            }
            let round = try await server.queueRound(p, page: page)
            let delivered = page.query("delivered").map { ($0, page.query("labels") ?? "") }
            return Layout.page(
                "Label · \(p.name)", page, section: .queue, script: QueuePage.script,
                QueuePage.render(p, round, page: page, delivered: delivered))
        },
        PageRoute(.post, "/queue/{project}", .annotator) { server, page in
            let p = try await page.project(server)
            guard QueueSource.types.contains(p.taskType) else {
                throw Problem.notFound("queue for project \(p.name)")
            }
            let answers = try QueuePage.parseAnswers(page.form["answers"] ?? "")
            let done = try await server.deliverRound(
                p, page: page, roundID: page.form["round"] ?? "", answers: answers)
            let path = "/queue/" + AssayServer.formEncode(p.name)
            throw PageRedirect(
                location: done.map { path + "?delivered=\($0.delivery)&labels=\($0.labels)" } ?? path)
        },
    ]

    /// A buyer's page of a project, `/projects/{project}` + `suffix`, drawn by `render`.
    static func projectPage(
        _ suffix: String, _ title: String, _ section: Layout.Section,
        _ render: @escaping @Sendable (AssayServer, PageRequest, ProjectRecord) async throws -> HTML
    ) -> PageRoute {
        PageRoute(.get, "/projects/{project}" + suffix, .reader) { server, page in
            let p = try await page.project(server)
            let content =
                p.taskType == "categorical"
                ? try await render(server, page, p) : try await TypedProjectPage.section(section, server, p)
            return Layout.page("\(title) · \(p.name)", page, project: p, section: section, content)
        }
    }
}

import Foundation
import HelpdeskCore
import Mustache
import Testing

@testable import HelpdeskServer

/// An empty string in a page reads as nothing: a section over it is false and an inverted one true (the template
/// engine alone takes every string for true), without the lookup going on to an outer field of the same name.
@Suite("Empty text in templates")
struct EmptyTextTests {
    typealias Env = TestEnvironment

    struct Row { var name: String }
    struct Model {
        var name: String
        var row: Row
        var assignee: String
    }

    func render(_ template: String, _ model: Model) throws -> String {
        try MustacheTemplate(string: template).render(TemplateContext.tree(model) ?? [:])
    }

    @Test("a section over an empty string is false, its inverted section true, and it prints nothing")
    func sections() throws {
        let template = "{{#assignee}}assigned to {{assignee}}{{/assignee}}{{^assignee}}unassigned{{/assignee}}|[{{assignee}}]"
        #expect(try render(template, Model(name: "", row: Row(name: ""), assignee: "")) == "unassigned|[]")
        #expect(try render(template, Model(name: "", row: Row(name: ""), assignee: "Grace")) == "assigned to Grace|[Grace]")
    }

    @Test("an empty field of a row does not read its page's field of the same name")
    func noFallThrough() throws {
        let model = Model(name: "The page", row: Row(name: ""), assignee: "")
        #expect(try render("{{#row}}[{{name}}]{{^name}}none{{/name}}{{/row}}", model) == "[]none")
        #expect(try render("{{name}}", model) == "The page")
    }

    @Test("a ticket without topic or agent reads so on the agent's page, in the queue (a dash) and on the customer's page")
    func ticketPages() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Ada")
            let response = try await env.api(
                client, .post, "/api/v1/tickets",
                json: ["subject": "Router offline", "description": "The router shows a red light.", "priority": "normal"], as: customer)
            #expect(response.status == .created)
            let id = try #require((try Env.json(response)["id"] as? NSNumber)?.int64Value)
            let admin = try await env.admin(client)
            let page = String(buffer: try await env.page(client, "/agent/tickets/\(id)", as: admin).body)
            let meta = try #require(page.split(separator: "\n").first { $0.contains("#\(id) · ") })
            #expect(meta.contains(" · unassigned · due "))
            #expect(!meta.contains("assigned to") && !meta.contains("·  ·"))
            let queue = String(buffer: try await env.page(client, "/agent?view=all", as: admin).body)
            let row = try #require(queue.components(separatedBy: "<tr").first { $0.contains("/agent/tickets/\(id)\"") })
            #expect(row.contains(#"<td class="hide-sm"><span class="muted">—</span></td>"#))
            #expect(!row.contains(#"<div class="muted small"></div>"#) && !row.contains("activity-\""))
            let own = String(buffer: try await env.page(client, "/tickets/\(id)", as: customer).body)
            let line = try #require(own.split(separator: "\n").first { $0.contains("Request #\(id)") })
            #expect(!line.contains("handled by") && !line.contains("·  ·"))
        }
    }
}

import Foundation
import HelpdeskCore
import HelpdeskMail
import Hummingbird

/// Admin pages: agents (create, edit skills and capacity, deactivate, see load) and the assignment screen.
/// Non-admins get 404.
struct AdminController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("admin", use: home)
        group.get("admin/agents", use: agents)
        group.post("admin/agents", use: createAgent)
        group.get("admin/agents/:id", use: agent)
        group.post("admin/agents/:id", use: updateAgent)
        group.post("admin/agents/:id/deactivate", use: deactivate)
        group.post("admin/agents/:id/reactivate", use: reactivate)
        group.get("admin/assignment", use: assignment)
        group.post("admin/assignment/auto", use: autoAssignAll)
        group.get("admin/mail", use: mail)
        group.post("admin/mail/:id/retry", use: retryMail)
    }

    func requireAdmin(_ context: AppRequestContext) throws -> User {
        let user = try context.requireUser()
        guard user.role == .admin else { throw ServerError.notFound }
        return user
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireAdmin(context)
        return redirect("/admin/agents")
    }

    func agentRows(_ loads: [AgentLoad], categories: [String: String]) -> [AgentRow] {
        loads.map { load in
            let capacity = max(load.agent.capacity, 1)
            let percent = min(100, load.openTickets * 100 / capacity)
            return AgentRow(
                id: load.agent.requiredID, name: load.agent.name, email: load.agent.email,
                emailLocal: String(load.agent.email.prefix { $0 != "@" }),
                emailDomain: String(load.agent.email.drop { $0 != "@" }.dropFirst()),
                skills: load.agent.skills.map { categories[$0] ?? $0 }, capacity: load.agent.capacity,
                open: load.openTickets, percent: percent, bucket: (percent + 5) / 10 * 10, isActive: load.agent.isActive,
                full: load.openTickets >= load.agent.capacity,
                loadClass: percent >= 100 ? "full" : percent >= 75 ? "high" : "ok")
        }
    }

    /// The skills to tick, `chosen` ticked.
    func skillOptions(_ categories: [String: String], chosen: Set<String>) -> [SkillOption] {
        categories.sorted { $0.value < $1.value }.map {
            SkillOption(value: $0.key, label: $0.value, checked: chosen.contains($0.key))
        }
    }

    /// What was typed in an agent form.
    struct TypedAgent {
        var name: String
        var email: String
        var capacity: String
        var skills: [String]
    }

    func agentsPage(_ context: AppRequestContext, typed: TypedAgent? = nil, error: HelpdeskError? = nil) async throws -> HTML {
        let admin = try requireAdmin(context)
        let categories = try await services.categoryNames()
        let chrome = services.pageChrome(context, title: "Agents")
        let loads = try await database.agents(for: admin)
        let model = AgentsPage(
            agents: agentRows(loads, categories: categories),
            activeCount: loads.filter(\.agent.isActive).count,
            skillOptions: skillOptions(categories, chosen: Set(typed?.skills ?? [])),
            name: typed?.name, email: typed?.email, capacity: typed?.capacity ?? "10",
            error: error?.message, errors: error.flatMap { error in error.field.map { [$0: error.message] } })
        return try services.views.render("admin-agents", Page(chrome: chrome, model: model), status: error?.status ?? .ok)
    }

    @Sendable func agents(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try await agentsPage(context)
    }

    @Sendable func createAgent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let f = context.form
        let typed = TypedAgent(
            name: f.string("name"), email: f.string("email"), capacity: f.string("capacity"), skills: f.all("skills"))
        do {
            guard let capacity = Int(f.string("capacity").trimmingCharacters(in: .whitespaces)) else {
                throw HelpdeskError.invalidInput(field: "capacity", message: "Use a number between 0 and 1000.")
            }
            let agent = try await database.createAgent(
                by: admin,
                name: f.string("name"),
                email: f.string("email"),
                skills: f.all("skills"),
                capacity: capacity
            )
            context.setFlash("\(agent.name) was created and mailed a link to choose a password.")
            return redirect("/admin/agents")
        } catch let error as HelpdeskError {
            return try await agentsPage(context, typed: typed, error: error).response(from: request, context: context)
        }
    }

    func agentPage(_ context: AppRequestContext, id: Int64, typed: TypedAgent? = nil, error: HelpdeskError? = nil) async throws
        -> HTML
    {
        let admin = try requireAdmin(context)
        guard let load = try await database.agents(for: admin).first(where: { $0.agent.id == id }) else {
            throw HelpdeskError.notFound(entity: "agent", id: "\(id)")
        }
        let categories = try await services.categoryNames()
        let chrome = services.pageChrome(context, title: load.agent.name)
        let tickets = try await database.tickets(
            TicketQuery(statuses: TicketStatus.open, assignee: .user(id), pageSize: 50),
            for: admin
        )
        let model = AgentPage(
            agent: agentRows([load], categories: categories)[0],
            skillOptions: skillOptions(categories, chosen: Set(typed?.skills ?? load.agent.skills)),
            form: AgentPage.Form(
                name: typed?.name ?? load.agent.name, email: typed?.email ?? load.agent.email,
                capacity: typed?.capacity ?? "\(load.agent.capacity)"),
            tickets: tickets.tickets.map { ViewModels.ticket($0, categories: categories, staff: true) },
            error: error?.message, errors: error.flatMap { error in error.field.map { [$0: error.message] } })
        return try services.views.render("admin-agent", Page(chrome: chrome, model: model), status: error?.status ?? .ok)
    }

    static func agentId(_ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw ServerError.notFound }
        return id
    }

    @Sendable func agent(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try await agentPage(context, id: try Self.agentId(context))
    }

    @Sendable func updateAgent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let id = try Self.agentId(context)
        let f = context.form
        let typed = TypedAgent(
            name: f.string("name"), email: f.string("email"), capacity: f.string("capacity"), skills: f.all("skills"))
        do {
            guard let capacity = Int(f.string("capacity").trimmingCharacters(in: .whitespaces)) else {
                throw HelpdeskError.invalidInput(field: "capacity", message: "Use a number between 0 and 1000.")
            }
            let update = AgentUpdate(name: f.string("name"), email: f.string("email"), skills: f.all("skills"), capacity: capacity)
            let agent = try await database.updateAgent(id: id, by: admin, update)
            context.setFlash("Saved \(agent.name).")
            return redirect("/admin/agents/\(id)")
        } catch let error as HelpdeskError {
            if case .notFound = error { throw error }
            return try await agentPage(context, id: id, typed: typed, error: error).response(from: request, context: context)
        }
    }

    @Sendable func deactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let id = try Self.agentId(context)
        let returned = try await database.deactivateAgent(id: id, by: admin)
        context.setFlash("Deactivated. \(ViewModels.counted(returned.count, "open ticket")) went back to the queue.")
        return redirect("/admin/agents/\(id)")
    }

    @Sendable func reactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let id = try Self.agentId(context)
        try await database.reactivateAgent(id: id, by: admin)
        context.setFlash("Reactivated.")
        return redirect("/admin/agents/\(id)")
    }

    /// Unassigned open tickets, oldest first, each with the agents ranked for it: the best three with their fit in
    /// words and an absolute bar, why they rank there (similar resolved tickets, declared skill, new agent) and the
    /// resolved tickets behind it; a note when nobody resolved anything similar; and the manual control listing
    /// everyone in rank order.
    @Sendable func assignment(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let admin = try requireAdmin(context)
        let categories = try await services.categoryNames()
        let unassigned = try await database.tickets(
            TicketQuery(statuses: TicketStatus.open, assignee: .unassigned, pageSize: Self.assignmentPageSize),
            for: admin
        )
        let loads = try await database.agents(for: admin).filter(\.agent.isActive)
        let chrome = services.pageChrome(context, title: "Assignment")
        var rows: [AssignmentRow] = []
        // The agents' loads and counts are read once for the page, not once per ticket.
        let agents = try await services.rankingAgents()
        for ticket in unassigned.tickets {
            let ranking = try await services.rankAgents(for: ticket, agents: agents)
            let evidenceIds = ranking.prefix(3).flatMap { $0.evidence.map(\.ticketId) }
            let evidence = Dictionary(
                uniqueKeysWithValues: try await database.tickets(ids: evidenceIds, for: admin).map { ($0.requiredID, $0) })
            let ranked = ranking.prefix(3).filter { $0.score > 0 }.enumerated().map { position, candidate in
                ViewModels.rankedAgent(candidate, position: position, evidence: evidence, categories: categories)
            }
            let row = AssignmentRow(
                base: ViewModels.ticket(ticket, categories: categories, staff: true),
                agents: ranking.map {
                    AgentChoice(
                        id: $0.agent.requiredID, name: $0.agent.name, open: $0.openTickets, capacity: $0.agent.capacity,
                        full: !$0.isAvailable, selected: false)
                },
                ranked: ranked,
                noHistory: !ranking.anyoneHasHistory,
                noExpert: !ranking.anyoneHasHistory && ranked.isEmpty,
                nobodyFree: !ranking.contains(where: \.isAvailable))
            rows.append(row)
        }
        let model = AssignmentPage(
            tickets: rows, count: unassigned.total,
            countText: ViewModels.counted(unassigned.total, "unassigned open ticket"), shown: unassigned.tickets.count,
            more: unassigned.total > unassigned.tickets.count, agents: agentRows(loads, categories: categories))
        return try services.views.render("admin-assignment", Page(chrome: chrome, model: model))
    }

    /// Tickets ranked per assignment page (each ranking is one search and three small queries).
    static let assignmentPageSize = 30

    @Sendable func autoAssignAll(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let unassigned = try await database.tickets(
            TicketQuery(statuses: TicketStatus.open, assignee: .unassigned, pageSize: 200),
            for: admin
        )
        var assigned = 0
        // Oldest first, so the longest-waiting customers are served first.
        for ticket in unassigned.tickets.sorted(by: { $0.createdAt < $1.createdAt }) {
            do {
                _ = try await services.autoAssign(ticketId: ticket.requiredID, by: admin)
                assigned += 1
            } catch HelpdeskError.conflict {
                break
            }
        }
        let left = unassigned.tickets.count - assigned
        context.setFlash("Assigned \(ViewModels.counted(assigned, "ticket")) by expertise." + (left > 0 ? " \(left) left: no agent has room." : ""))
        return redirect("/admin/assignment")
    }

    /// Outgoing mail: what could not be delivered (with the server's answer), what is being retried.
    @Sendable func mail(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let admin = try requireAdmin(context)
        // Undelivered mails, newest first, 50 a page (`?page=`, checked before any arithmetic; past the end, the last).
        let pageSize = 50
        let asked = try RequestNumber.integer(request.query["page"], field: "page", in: 1...1_000_000) ?? 1
        let maxAttempts = RetryPolicy().maxAttempts
        var status = try await database.outboxStatus(
            maxAttempts: maxAttempts, limit: pageSize, failedOffset: (asked - 1) * pageSize, for: admin)
        let pageCount = max(1, (status.failedTotal + pageSize - 1) / pageSize)
        let number = min(asked, pageCount)
        if number != asked {
            status = try await database.outboxStatus(
                maxAttempts: maxAttempts, limit: pageSize, failedOffset: (number - 1) * pageSize, for: admin)
        }
        func row(_ mail: OutboxMail) -> MailPage.Row {
            MailPage.Row(
                id: mail.id ?? 0, recipient: mail.recipient, subject: mail.subject, kind: mail.kind.rawValue,
                attempts: mail.attempts, createdAt: ViewModels.date(mail.createdAt), error: mail.lastError ?? "")
        }
        let firstShown = (number - 1) * pageSize + 1
        let model = MailPage(
            failed: status.failed.map(row),
            showing: status.failedTotal > 0
                ? Pager.showing(
                    firstShown: firstShown, lastShown: firstShown + status.failed.count - 1, total: status.failedTotal,
                    singular: "undelivered mail", plural: "undelivered mails")
                : "",
            pager: Pager(current: number, pageCount: pageCount) { $0 > 1 ? "/admin/mail?page=\($0)" : "/admin/mail" },
            retrying: status.retrying.map(row),
            unsent: status.unsent,
            sent: status.sent,
            maxAttempts: RetryPolicy().maxAttempts)
        return try services.views.render("admin-mail", Page(chrome: services.pageChrome(context, title: "Outgoing mail"), model: model))
    }

    @Sendable func retryMail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try requireAdmin(context)
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw ServerError.notFound }
        do {
            try await database.retryMail(id: id, by: admin)
        } catch HelpdeskError.notFound {
            throw ServerError.notFound
        }
        context.setFlash("The mail is queued again; the worker tries it within a minute.")
        return redirect("/admin/mail")
    }
}

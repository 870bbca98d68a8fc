import Foundation
import HelpdeskCore
import Hummingbird

/// The agent console: the queue, a ticket with similar solved tickets and stored solutions beside it, and the
/// solutions library. Staff only; customers get 404 so the console's pages reveal nothing.
struct AgentConsoleController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("agent", use: queue)
        group.get("agent/tickets/:id", use: show)
        group.post("agent/tickets/:id/reply", use: reply)
        group.post("agent/tickets/:id/status", use: status)
        group.post("agent/tickets/:id/take", use: take)
        group.post("agent/tickets/:id/assign", use: assign)
        group.post("agent/tickets/:id/resolve", use: resolve)
        group.get("agent/solutions", use: solutions)
        group.get("agent/solutions/new", use: newSolution)
        group.post("agent/solutions", use: createSolution)
        group.get("agent/solutions/:id", use: showSolution)
        group.post("agent/solutions/:id", use: reviseSolution)
        group.post("agent/solutions/:id/approve", use: approveSolution)
    }

    func requireStaff(_ context: AppRequestContext) throws -> User {
        let user = try context.requireUser()
        guard user.role.isStaff else { throw ServerError.notFound }
        return user
    }

    // MARK: - Queue

    /// The queue views.
    enum QueueView: String, CaseIterable {
        case unassigned, mine, waiting, breached, all

        var label: String {
            switch self {
            case .unassigned: "Unassigned"
            case .mine: "Mine"
            case .waiting: "Waiting on customer"
            case .breached: "SLA breached"
            case .all: "All open"
            }
        }
    }

    /// The customer-activity filter of the queue (`activity=`): what the customer did last.
    static let activityFilters: [(CustomerAction, String)] = [
        (.replied, "Customer replied"), (.reopened, "Reopened"), (.notSolved, "Not solved"),
    ]

    /// The queue's orders (`sort=`).
    static let orders: [(TicketOrder, String, String)] = [
        (.updated, "updated", "Recently updated"), (.customerActivity, "activity", "Latest customer activity"),
    ]

    /// The `activity=` filter; empty or absent is none.
    /// - Throws: `.invalidInput` naming `activity` for any other value.
    static func activityFilter(_ raw: String?) throws -> CustomerAction? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let action = CustomerAction(rawValue: raw) else {
            throw HelpdeskError.invalidInput(field: "activity", message: "Use replied, reopened or notSolved.")
        }
        return action
    }

    /// The `sort=` order; empty or absent is most recently updated first.
    /// - Throws: `.invalidInput` naming `sort` for any other value.
    static func order(_ raw: String?) throws -> TicketOrder {
        guard let raw, !raw.isEmpty else { return .updated }
        guard let order = orders.first(where: { $0.1 == raw })?.0 else {
            throw HelpdeskError.invalidInput(field: "sort", message: "Use updated or activity.")
        }
        return order
    }

    /// The view `/agent` opens without `view=`: "Mine" for an agent who holds open tickets, "Unassigned" otherwise.
    func landingView(for user: User) async throws -> QueueView {
        guard user.role == .agent else { return .unassigned }
        let held = TicketQuery(statuses: TicketStatus.open, assignee: .user(user.requiredID), pageSize: 1)
        return try await database.tickets(held, for: user).total > 0 ? .mine : .unassigned
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let parameters = request.query
        let activity = try Self.activityFilter(parameters["activity"])
        let order = try Self.order(parameters["sort"])
        let view: QueueView
        if let requested = parameters["view"].flatMap({ QueueView(rawValue: String($0)) }) {
            view = requested
        } else {
            view = try await landingView(for: user)
        }
        let q = String((parameters["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(500))
        // A ticket number ("2353" or "#2353") opens that ticket when the viewer may see it.
        if let id = Self.ticketNumber(q), (try? await database.ticket(id: id, for: user)) != nil {
            return redirect("/agent/tickets/\(id)")
        }
        let category = parameters["category"].flatMap { $0.isEmpty ? nil : $0 }
        let categories = try await services.categoryNames()
        var tickets: [Ticket]
        if !q.isEmpty, q.contains("@") {
            // An e-mail address (or part of one): the tickets of the customers it names, most recently updated first.
            let customers = try await database.customers(CustomerQuery(search: q, pageSize: 5), for: user).customers
            tickets = []
            for customer in customers {
                tickets += try await database.tickets(TicketQuery(customerId: customer.id, pageSize: 50), for: user).tickets
            }
            tickets.sort { ($0.updatedAt, $0.requiredID) > ($1.updatedAt, $1.requiredID) }
            if let category { tickets = tickets.filter { $0.categoryId == category } }
            if let activity { tickets = tickets.filter { $0.lastCustomerAction == activity } }
        } else if !q.isEmpty {
            let bucket = parameters["bucket"].flatMap { $0 == "resolved" || $0 == "open" ? $0 : nil }
            tickets = try await services.index.searchTickets(q, bucket: bucket, k: 50, for: user, in: database).map(\.ticket)
            if let category { tickets = tickets.filter { $0.categoryId == category } }
            if let activity { tickets = tickets.filter { $0.lastCustomerAction == activity } }
        } else {
            var query = TicketQuery(
                statuses: TicketStatus.open, categoryId: category, lastCustomerAction: activity, order: order,
                pageSize: 100)
            switch view {
            case .unassigned: query.assignee = .unassigned
            case .mine: query.assignee = .user(user.requiredID)
            case .waiting:
                query.statuses = [.waitingOnCustomer]
                if user.role == .agent { query.assignee = .user(user.requiredID) }
            case .breached: query.breachedOnly = true
            case .all: break
            }
            tickets = try await database.tickets(query, for: user).tickets
        }
        let names = try await agentNames(for: user)
        let unread = try await database.unreadTicketIds(among: tickets, for: user)
        let model = QueuePage(
            views: QueueView.allCases.map {
                QueuePage.QueueViewTab(value: $0.rawValue, label: $0.label, current: $0 == view && q.isEmpty)
            },
            q: q,
            searching: !q.isEmpty,
            view: view.rawValue,
            categories: ViewModels.options(
                [("", "All categories")] + categories.sorted { $0.value < $1.value }.map { ($0.key, $0.value) },
                selected: category),
            activities: ViewModels.options(
                [("", "Any customer activity")] + Self.activityFilters.map { ($0.0.rawValue, $0.1) },
                selected: activity?.rawValue),
            orders: ViewModels.options(Self.orders.map { ($0.1, $0.2) }, selected: Self.orders.first { $0.0 == order }?.1),
            tickets: tickets.map { ticket in
                QueueRow(
                    base: ViewModels.ticket(ticket, names: names, categories: categories, staff: true),
                    unread: unread.contains(ticket.requiredID))
            },
            unreadCount: unread.count,
            hasUnread: !unread.isEmpty,
            count: tickets.count,
            countText: ViewModels.counted(tickets.count, "ticket") + (tickets.count == 1 ? " matches" : " match"),
            hasTickets: !tickets.isEmpty)
        return try services.views.render("agent-queue", Page(chrome: services.pageChrome(context, title: "Queue"), model: model))
            .response(from: request, context: context)
    }

    /// The ticket id in a queue search for "2353" or "#2353" (at most 18 digits), else nil.
    static func ticketNumber(_ q: String) -> Int64? {
        let digits = q.hasPrefix("#") ? q.dropFirst() : q[...]
        guard (1...18).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(digits)
    }

    /// Agent names by id (for "assigned to").
    func agentNames(for user: User) async throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: try await database.agents(for: user).map { ($0.agent.requiredID, $0.agent.name) })
    }

    // MARK: - Ticket

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        // `?reuse=<solution id>`: "Use this solution" opens the resolution form filled with that solution's text.
        let reuse = request.query["reuse"].flatMap { $0.count <= 18 ? Int64($0) : nil }
        return try await page(context, reuse: reuse)
    }

    /// What was typed into a resolution form the server refused, shown again with the reason beside it.
    struct RefusedResolution {
        /// The stored solution being adapted, or nil for a new solution.
        var solutionId: Int64?
        /// The adapted text (`solutionId` set) or the new solution's title, steps and category.
        var text = "", title = "", steps = "", categoryId: String?
        /// Why it was refused.
        var error: HelpdeskError
    }

    /// The ticket page; after a refused reply, with the reason beside the reply form and the words typed; with `reuse`,
    /// the form to resolve with that stored solution, its text ready to adapt; after a refused resolution, that form
    /// again with what was typed and why.
    func page(
        _ context: AppRequestContext, reply: String? = nil, internalNote: Bool = false, error: HelpdeskError? = nil,
        reuse: Int64? = nil, refused: RefusedResolution? = nil
    ) async throws -> HTML {
        let user = try requireStaff(context)
        let id = try TicketsAPIController.ticketId(context)
        let detail = try await database.ticketDetail(id: id, for: user)
        // Opening the ticket reads what the customer did so far: it is no longer unread in the queue.
        try await database.markTicketViewed(id: id, by: user)
        let ticket = detail.ticket
        let categories = try await services.categoryNames()
        let agents = try await database.agents(for: user)
        var names = detail.names
        for load in agents { names[load.agent.requiredID] = load.agent.name }
        let chrome = services.pageChrome(context, title: "#\(id) \(ticket.subject)")
        // The buttons from the same rules the writes enforce (`TicketWorkflow.actions`).
        let actions = database.actions(for: user, on: ticket)
        var reuseForm: AgentTicketPage.ReuseForm?
        if actions.resolve, let reuse = refused?.solutionId ?? reuse,
            let stored = try? await database.solution(id: reuse, for: user), !stored.isSuperseded
        {
            reuseForm = AgentTicketPage.ReuseForm(
                id: reuse, title: stored.title, text: refused?.text ?? AppDatabase.resolutionText(stored),
                error: refused?.error.message)
        }
        var model = AgentTicketPage(
            // A refused action's notice goes beside the actions, not at the top.
            actionNotice: chrome.flashRefused == true,
            ticket: ViewModels.ticket(ticket, names: names, categories: categories, staff: true),
            messages: detail.messages.map {
                ViewModels.message(
                    $0, names: names, customerId: ticket.customerId, attachments: detail.attachments, byMail: detail.messagesByMail)
            },
            attachments: ViewModels.attachments(detail.attachments, messageId: nil),
            hasAttachments: detail.attachments.contains { $0.messageId == nil },
            filedByMail: detail.filedByMail,
            acceptsFiles: services.attachments.limits.maxFiles > 0,
            maxFiles: services.attachments.limits.maxFiles,
            maxFileSize: AttachmentLimits.describe(services.attachments.limits.maxFileBytes),
            reply: reply,
            replyInternal: internalNote,
            replyError: error?.message,
            solutions: detail.solutions.map { ViewModels.solution($0, categories: categories) },
            isHandler: user.role == .admin || ticket.assigneeId == user.id,
            canTake: actions.take,
            canAssign: actions.assign,
            canResolve: actions.resolve,
            canNote: actions.internalNote,
            canReply: actions.reply,
            reuse: reuseForm,
            newSolution: refused.flatMap { refused in
                refused.solutionId == nil
                    ? AgentTicketPage.NewSolutionForm(title: refused.title, steps: refused.steps, error: refused.error.message)
                    : nil
            },
            statusActions: actions.statusChanges.map {
                AgentTicketPage.StatusAction(value: $0.rawValue, label: AgentTicketPage.label($0, from: ticket.status))
            },
            agents: agents.filter { $0.agent.isActive }.map { load in
                AgentChoice(
                    id: load.agent.requiredID, name: load.agent.name, open: load.openTickets, capacity: load.agent.capacity,
                    full: load.openTickets >= load.agent.capacity, selected: load.agent.id == ticket.assigneeId)
            },
            categoryOptions: try await services.categoryOptions(selected: refused?.categoryId ?? ticket.categoryId),
            publishAwaitsReview: database.configuration.newSolutionsNeedReview && user.role == .agent,
            similar: [], duplicates: [], hasDuplicates: false, suggested: [])

        // Beside the ticket: similar solved tickets and stored solutions from the search engine.
        let text = HelpdeskIndex.complaintQuery(subject: ticket.subject, description: ticket.description)
        let similar = try await services.index.searchTickets(
            text, bucket: "resolved", k: 6, meaningWeight: HelpdeskIndex.defaultTicketMeaningWeight, for: user, in: database)
        model.similar = similar.filter { $0.ticket.id != ticket.id }.prefix(5).map { match in
            ViewModels.ticket(match.ticket, names: names, categories: categories, staff: true)
        }
        // Open tickets that look like the same problem (filed twice, or the same trouble reported by several).
        if ticket.status.isOpen {
            let duplicates = try await services.index.possibleDuplicates(
                subject: ticket.subject, description: ticket.description, excluding: ticket.id, for: user, in: database)
            model.duplicates = duplicates.map { match in
                DuplicateRow(
                    base: ViewModels.ticket(match.ticket, names: names, categories: categories, staff: true),
                    sameCustomer: match.ticket.customerId == ticket.customerId,
                    strength: Int((match.strength * 100).rounded()))
            }
            model.hasDuplicates = !duplicates.isEmpty
        }
        let suggestions = try await services.suggestions(
            for: text, k: 5, topicId: ticket.categoryId, prefixLastTerm: false, viewer: user)
        model.suggested = suggestions.map { hit in
            AgentTicketPage.SuggestedSolutionRow(
                id: hit.solution.id, titleHTML: ViewModels.markedHTML(hit.highlights.title),
                steps: ViewModels.steps(hit.solution.steps), grade: hit.match.rawValue, gradeLabel: hit.match.label,
                strength: Int((hit.strength * 100).rounded()), reuseCount: hit.solution.reuseCount)
        }
        return try services.views.render(
            "agent-ticket", Page(chrome: chrome, model: model), status: (error ?? refused?.error)?.status ?? .ok)
    }

    @Sendable func reply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let id = try TicketsAPIController.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        let internalNote = context.form["internal"] == "on" || context.form["internal"] == "true"
        if let problem = context.uploads.problem {
            return try await page(context, reply: context.form.string("body"), internalNote: internalNote, error: problem)
                .response(from: request, context: context)
        }
        let files = try await services.commitUploads(context.uploads.files)
        do {
            try await database.reply(
                to: id, by: user, body: context.form.string("body"), internalNote: internalNote, attachments: files)
        } catch let error as HelpdeskError where error.isInvalidInput {
            // An empty or too long reply: the page again, the reason beside the form, nothing typed lost.
            return try await page(context, reply: context.form.string("body"), internalNote: internalNote, error: error)
                .response(from: request, context: context)
        }
        context.setFlash(internalNote ? "Internal note added." : "Reply sent to the customer.")
        return redirect("/agent/tickets/\(id)")
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let id = try TicketsAPIController.ticketId(context)
        guard let status = TicketStatus(rawValue: context.form.string("status")) else {
            _ = try await database.ticket(id: id, for: user)
            throw HelpdeskError.invalidInput(field: "status", message: "Choose a status.")
        }
        let back = "/agent/tickets/\(id)"
        return try await services.ticketAction(.status(status), ticketId: id, by: user, back: back, context: context) {
            _ = try await database.ticket(id: id, for: user)
            let ticket = try await database.changeStatus(ticketId: id, to: status, by: user)
            context.setFlash("Status is now \(ViewModels.staffStatusLabel(ticket.status).lowercased()).")
            return redirect(back)
        }
    }

    @Sendable func take(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let id = try TicketsAPIController.ticketId(context)
        let back = "/agent/tickets/\(id)"
        return try await services.ticketAction(.take, ticketId: id, by: user, back: back, context: context) {
            _ = try await database.ticket(id: id, for: user)
            try await database.take(ticketId: id, by: user)
            context.setFlash("The ticket is yours.")
            return redirect(back)
        }
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let id = try TicketsAPIController.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        let f = context.form
        let back = safeNext(f["back"]).hasPrefix("/admin") ? "/admin/assignment" : "/agent/tickets/\(id)"
        let action: TicketAction
        if f["auto"] == "1" {
            action = .autoAssign
        } else {
            guard let agentId = f["agentId"].flatMap(Int64.init) else {
                throw HelpdeskError.invalidInput(field: "agentId", message: "Choose an agent.")
            }
            action = .assign(agentId: agentId)
        }
        return try await services.ticketAction(action, ticketId: id, by: user, back: back, context: context) {
            let ticket: Ticket
            var why = ""
            switch action {
            case .assign(let agentId):
                ticket = try await database.assign(ticketId: id, to: agentId, by: user)
            default:
                let assignment = try await services.autoAssign(ticketId: id, by: user)
                ticket = assignment.ticket
                let categories = try await services.categoryNames()
                why = " (" + ViewModels.reasonWords(assignment.ranking, categories: categories).joined(separator: ", ")
                    + (assignment.anyoneHasHistory ? "" : "; nobody has resolved a similar ticket") + ")"
            }
            var name = "nobody"
            if let assigneeId = ticket.assigneeId { name = try await database.user(id: assigneeId).name }
            context.setFlash("Ticket #\(id) is assigned to \(name)\(why).")
            return redirect(back)
        }
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let id = try TicketsAPIController.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        let f = context.form
        let choice: SolutionChoice
        if let solutionId = f["solutionId"].flatMap(Int64.init) {
            // The text as the agent adapted it (browsers send CRLF line ends); without one, the stored text as it is.
            choice = f["text"].map { .adapted(id: solutionId, text: $0.replacingOccurrences(of: "\r\n", with: "\n")) }
                ?? .existing(id: solutionId)
        } else {
            choice = .new(
                SolutionDraft(
                    title: f.string("title"),
                    steps: Self.steps(f.string("steps")),
                    categoryId: f["categoryId"].flatMap { $0.isEmpty ? nil : $0 },
                    isPublished: f["publish"] != nil
                )
            )
        }
        let solution: Solution
        do {
            solution = try await database.resolve(ticketId: id, by: user, with: choice).solution
        } catch let error as HelpdeskError where error.isInvalidInput {
            // The form again with what was typed and the reason beside it.
            var refused = RefusedResolution(error: error)
            switch choice {
            case .adapted(let solutionId, let text):
                refused.solutionId = solutionId
                refused.text = text
            default:
                refused.title = f.string("title")
                refused.steps = f.string("steps")
                refused.categoryId = f["categoryId"]
            }
            return try await page(context, refused: refused).response(from: request, context: context)
        }
        let waits = f["publish"] != nil && !solution.isPublished && database.configuration.newSolutionsNeedReview
        context.setFlash(
            "Resolved with “\(solution.title)”. The customer was sent the solution."
                + (waits ? " An admin or another agent approves it before the help centre shows it." : ""))
        return redirect("/agent/tickets/\(id)")
    }

    /// One step per non-empty line, leading "1." numbering removed.
    static func steps(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { line in
            var step = line.trimmingCharacters(in: .whitespaces)
            if let dot = step.firstIndex(where: { $0 == "." || $0 == ")" }), step[..<dot].allSatisfy(\.isNumber),
                step.startIndex != dot
            {
                step = step[step.index(after: dot)...].trimmingCharacters(in: .whitespaces)
            }
            return step
        }.filter { !$0.isEmpty }
    }
}

import Foundation

/// Turns import records into rows inside one write transaction. Each record is checked and resolved in order against
/// `BulkLookups` (the stored rows and the rows added so far), so bad records fail with their source exactly as if
/// the rows before them had been written; the rows themselves wait in `PendingRows` per table and are written by
/// `writePending()` with multi-row inserts, parents first.
struct BulkWriter {
    /// The transaction.
    let db: any SQLExecutor
    /// When the batch is written (audit and change-log times, agents' and cast customers' creation).
    let at: Date
    /// What was added so far.
    var summary = ImportSummary()
    /// Categories known to exist.
    var knownCategories: Set<String> = []
    /// SLA targets by priority, read on first use.
    var policies: [TicketPriority: SLAPolicy] = [:]
    /// Stored and pending rows by key.
    var lookups = BulkLookups()

    /// New users.
    var users = PendingRows(
        "\"user\"",
        ["externalId", "role", "name", "email", "passwordHash", "isConfirmed", "isActive", "skills", "capacity", "createdAt"])
    /// New solutions.
    var solutions = PendingRows(
        "solution",
        ["externalId", "title", "steps", "categoryId", "authorId", "createdAt", "updatedAt", "isPublished", "reuseCount",
         "solvedCount", "notSolvedCount"])
    /// New tickets.
    var tickets = PendingRows(
        "ticket",
        ["externalId", "customerId", "subject", "description", "categoryId", "priority", "status", "assigneeId", "createdAt",
         "updatedAt", "firstResponseAt", "resolvedAt", "closedAt", "firstResponseDueAt", "resolutionDueAt"])
    /// Tickets answered by an imported solution: its author, its time, the ticket; applied after the tickets are written.
    var resolutions: [(authorId: BulkID?, at: Date, ticketId: BulkID)] = []
    /// New messages.
    var messages = PendingRows("ticketMessage", ["ticketId", "authorId", "kind", "body", "createdAt"])
    /// New ticket–solution links (an existing link is kept).
    var links = PendingRows(
        "ticketSolution", ["ticketId", "solutionId", "linkedAt", "verdict", "verdictAt"], conflict: "ON CONFLICT DO NOTHING")
    /// The solution and verdict of each pending link, in the same order, for the solutions' counters.
    var linkVerdicts: [(ticketId: BulkID, solutionId: BulkID, verdict: Verdict?)] = []
    /// New suggestion events.
    var suggestionEvents = PendingRows("suggestionEvent", ["kind", "solutionId", "count", "at"])
    /// New deflections.
    var deflections = PendingRows("deflection", ["solutionId", "query", "userId", "at"])
    /// New audit entries.
    var auditEntries = PendingRows("auditEntry", ["entity", "entityId", "ticketId", "actorId", "at", "action", "field", "after"])
    /// New change-log rows.
    var changes = PendingRows("changeLog", ["entity", "entityId", "at"])

    /// A writer for one batch in the transaction `db`.
    init(db: any SQLExecutor, at: Date) {
        self.db = db
        self.at = at
    }

    /// Reads the stored rows the records refer to, in a few queries.
    mutating func prefetch(_ records: [ImportRecord]) throws {
        try lookups.prefetch(records, db: db)
    }

    /// Checks one record and queues its rows.
    /// - Throws: `ImportError` naming the record's source for a bad reference or value.
    mutating func apply(_ record: ImportRecord) throws {
        switch record.value {
        case .category(let category): try ensureCategory(category.id, name: category.name, description: category.description)
        case .agent(let agent):
            let before = summary.agents
            _ = try agentId(for: .createIfMissing(agent), source: record.source, field: "id")
            if summary.agents == before { summary.skipped += 1 }
        case .customer(let customer):
            let before = summary.customers
            _ = try customerId(for: customer, createdAt: at, source: record.source)
            if summary.customers == before { summary.skipped += 1 }
        case .solution(let solution): try insert(solution, source: record.source)
        case .ticket(let ticket): try insert(ticket, source: record.source)
        }
    }

    // MARK: References

    /// `strings` as a JSON array.
    static func json(_ strings: [String]) -> String {
        // `JSONEncoder` cannot fail on an array of strings.
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Adds the category unless it exists (categories are few and written at once: tickets and solutions refer to them).
    mutating func ensureCategory(_ id: String, name: String? = nil, description: String = "") throws {
        guard !knownCategories.contains(id) else { return }
        let added = try db.execute(
            "INSERT INTO category (id, name, description) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, name ?? id, description)
        if added > 0 { summary.categories += 1 }
        knownCategories.insert(id)
    }

    /// The normalized address, or an `ImportError` for `field`.
    func normalizedEmail(_ raw: String, source: InputLocation, field: String) throws -> String {
        do { return try InputValidation.normalizedEmail(raw) } catch {
            throw ImportError(source, field: field, "not a valid e-mail address: \"\(raw)\"")
        }
    }

    /// The user id of an agent reference, creating the agent when asked and missing.
    mutating func agentId(for reference: AgentReference, source: InputLocation, field: String) throws -> BulkID {
        switch reference {
        case .existing(let key):
            if let user = try lookups.user(externalId: key, db: db), !user.isCustomer { return user.id }
            if key.contains("@"), let user = try lookups.user(email: key.lowercased(), db: db), !user.isCustomer {
                return user.id
            }
            throw ImportError(source, field: field, "unknown agent \"\(key)\"")
        case .createIfMissing(let agent):
            if let user = try lookups.user(externalId: agent.externalId, db: db) { return user.id }
            let email = try normalizedEmail(agent.email, source: source, field: "email")
            if let user = try lookups.user(email: email, db: db) {
                guard !user.isCustomer else {
                    throw ImportError(source, field: "email", "\(email) already belongs to a customer account")
                }
                return user.id
            }
            for skill in agent.skills { try ensureCategory(skill) }
            let id = users.append([
                .of(agent.externalId), .of(UserRole.agent.rawValue), .of(agent.name), .of(email),
                .of(PasswordHasher.unusableHash + SecureToken.generate()), .of(true), .of(true), .of(Self.json(agent.skills)),
                .of(agent.capacity), .of(at),
            ])
            lookups.added(BulkUser(id: id, isCustomer: false), externalId: agent.externalId, email: email)
            summary.agents += 1
            return id
        }
    }

    /// The user id of a customer, adding the customer when neither its external id nor its e-mail is stored.
    mutating func customerId(for customer: CustomerRecord, createdAt: Date, source: InputLocation) throws -> BulkID {
        if let key = customer.externalId, let user = try lookups.user(externalId: key, db: db) { return user.id }
        let email = try normalizedEmail(customer.email, source: source, field: "customer.email")
        if let user = try lookups.user(email: email, db: db) { return user.id }
        guard !customer.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ImportError(source, field: "customer.name", "empty")
        }
        let id = users.append([
            .of(customer.externalId), .of(UserRole.customer.rawValue), .of(customer.name), .of(email),
            .of(PasswordHasher.unusableHash + SecureToken.generate()), .of(true), .of(true), .of("[]"), .of(0), .of(createdAt),
        ])
        lookups.added(BulkUser(id: id, isCustomer: true), externalId: customer.externalId, email: email)
        summary.customers += 1
        return id
    }

    /// The id of a stored or added solution, or an `ImportError`.
    mutating func solutionId(_ key: String, source: InputLocation) throws -> BulkID {
        guard let id = try lookups.solution(externalId: key, db: db) else {
            throw ImportError(source, field: "solution", "unknown solution \"\(key)\"")
        }
        return id
    }

    /// The SLA targets of a priority (the stored ones, else the defaults).
    mutating func policy(_ priority: TicketPriority) throws -> SLAPolicy {
        if policies.isEmpty {
            for policy in try db.fetchAll(SLAPolicy.self, "SELECT * FROM slaPolicy") { policies[policy.priority] = policy }
        }
        return policies[priority] ?? SLAPolicy.defaults.first { $0.priority == priority }
            ?? SLAPolicy(priority: priority, firstResponseMinutes: 1440, resolutionMinutes: 10080)
    }

    // MARK: Rows

    /// Queues a change-log row for an indexed entity.
    mutating func logChange(_ entity: IndexedEntity, _ id: BulkID) {
        changes.append([.of(entity.rawValue), .id(entity == .ticket ? .ticket : .solution, id), .of(at)])
    }

    /// Queues a link; the solution's counters follow when it is written (not when the pair is already linked).
    mutating func link(ticketId: BulkID, solutionId: BulkID, at linkedAt: Date, verdict: Verdict?, verdictAt: Date?) {
        links.append([.id(.ticket, ticketId), .id(.solution, solutionId), .of(linkedAt), .of(verdict?.rawValue), .of(verdictAt)])
        linkVerdicts.append((ticketId, solutionId, verdict))
    }

    /// Queues a message.
    mutating func insertMessage(ticketId: BulkID, authorId: BulkID?, kind: MessageKind, body: String, at: Date) {
        messages.append([.id(.ticket, ticketId), .id(.user, authorId), .of(kind.rawValue), .of(body), .of(at)])
        summary.messages += 1
    }

    /// Queues a ticket with its thread, link, self-service events, audit entry and change-log row; skips one whose
    /// external id is stored or added.
    mutating func insert(_ ticket: TicketRecord, source: InputLocation) throws {
        if try lookups.ticket(externalId: ticket.externalId, db: db) != nil {
            summary.skipped += 1
            return
        }
        let customerId = try customerId(for: ticket.customer, createdAt: ticket.createdAt, source: source)
        var agentId: BulkID?
        if let agent = ticket.agent { agentId = try self.agentId(for: agent, source: source, field: "agent") }
        var solutionId: BulkID?
        if let key = ticket.solution { solutionId = try self.solutionId(key, source: source) }
        if let category = ticket.categoryId { try ensureCategory(category) }
        let policy = try policy(ticket.priority)
        let lastMessage = ticket.messages.map(\.at).max()
        let resolvedAt = ticket.status.isOpen ? nil : (ticket.resolvedAt ?? lastMessage ?? ticket.createdAt)
        let lastActivity = [ticket.createdAt, ticket.firstResponseAt, resolvedAt, lastMessage].compactMap { $0 }.max() ?? ticket.createdAt
        // Closed when the record says, never before it was resolved; otherwise at the last activity.
        let closedAt: Date? =
            ticket.status == .closed ? ticket.closedAt.map { max($0, resolvedAt ?? ticket.createdAt) } ?? lastActivity : nil
        let updatedAt = max(lastActivity, closedAt ?? lastActivity)
        let ticketId = tickets.append([
            .of(ticket.externalId), .id(.user, customerId), .of(ticket.subject), .of(ticket.description), .of(ticket.categoryId),
            .of(ticket.priority.rawValue), .of(ticket.status.rawValue), .id(.user, agentId), .of(ticket.createdAt), .of(updatedAt),
            .of(ticket.firstResponseAt), .of(resolvedAt), .of(closedAt),
            .of(ticket.createdAt.addingTimeInterval(TimeInterval(policy.firstResponseMinutes * 60))),
            .of(ticket.createdAt.addingTimeInterval(TimeInterval(policy.resolutionMinutes * 60))),
        ])
        lookups.added(
            BulkTicket(id: ticketId, subject: BulkLookups.key(ticket.subject), categoryId: ticket.categoryId),
            externalId: ticket.externalId)
        summary.tickets += 1
        for message in ticket.messages {
            if message.author == .agent && agentId == nil {
                throw ImportError(source, field: "messages", "an agent message needs the ticket's agent")
            }
            insertMessage(
                ticketId: ticketId,
                authorId: message.author == .agent ? agentId : customerId,
                kind: message.author == .agent ? .agentReply : .customerReply,
                body: message.body,
                at: message.at
            )
        }
        if let solutionId {
            link(
                ticketId: ticketId, solutionId: solutionId, at: resolvedAt ?? updatedAt, verdict: ticket.verdict,
                verdictAt: ticket.verdict == nil ? nil : (ticket.verdictAt ?? updatedAt))
            logChange(.solution, solutionId)
        }
        for event in ticket.selfService { try insert(event, source: source) }
        auditEntries.append([
            .of("ticket"), .idText(.ticket, ticketId), .id(.ticket, ticketId), .id(.user, nil), .of(at), .of("imported"),
            .of("externalId"), .of(ticket.externalId),
        ])
        logChange(.ticket, ticketId)
    }

    /// Queues a self-service event.
    mutating func insert(_ event: SelfServiceRecord, source: InputLocation) throws {
        switch event.kind {
        case .shown(let count):
            guard count > 0 else { throw ImportError(source, field: "count", "must be positive") }
            suggestionEvents.append([.of(SuggestionEventKind.shown.rawValue), .id(.solution, nil), .of(count), .of(event.at)])
        case .opened(let key):
            let solutionId = try self.solutionId(key, source: source)
            suggestionEvents.append([.of(SuggestionEventKind.opened.rawValue), .id(.solution, solutionId), .of(1), .of(event.at)])
        case .deflected(let key, let query):
            let solutionId = try self.solutionId(key, source: source)
            deflections.append([.id(.solution, solutionId), .of(query), .id(.user, nil), .of(event.at)])
        }
        summary.events += 1
    }

    /// Queues a solution, and when it answers a ticket, the answer, the ticket's resolution and the link; skips one
    /// whose external id is stored or added.
    mutating func insert(_ solution: SolutionRecord, source: InputLocation) throws {
        if try lookups.solution(externalId: solution.externalId, db: db) != nil {
            summary.skipped += 1
            return
        }
        var authorId: BulkID?
        if let author = solution.author { authorId = try agentId(for: author, source: source, field: "author") }
        if let category = solution.categoryId { try ensureCategory(category) }
        var resolved: BulkTicket?
        var title = solution.title
        var categoryId = solution.categoryId
        if let resolution = solution.resolves {
            guard let ticket = try lookups.ticket(externalId: resolution.ticketExternalId, db: db) else {
                throw ImportError(source, field: "ParentId", "unknown ticket \"\(resolution.ticketExternalId)\"")
            }
            resolved = ticket
            if resolution.titleFromTicket {
                title = ticket.subject
                categoryId = ticket.categoryId
            }
        }
        let solutionId = solutions.append([
            .of(solution.externalId), .of(title), .of(Self.json(solution.steps)), .of(categoryId), .id(.user, authorId),
            .of(solution.createdAt), .of(solution.createdAt), .of(true), .of(0), .of(0), .of(0),
        ])
        lookups.added(solution: solutionId, externalId: solution.externalId)
        summary.solutions += 1
        if let resolution = solution.resolves, let ticket = resolved {
            if let reply = resolution.reply {
                insertMessage(ticketId: ticket.id, authorId: authorId, kind: .agentReply, body: reply, at: solution.createdAt)
            }
            // The answer resolved the question: its author owns the ticket, and the answer is the first response and
            // the resolution.
            resolutions.append((authorId, solution.createdAt, ticket.id))
            link(
                ticketId: ticket.id, solutionId: solutionId, at: solution.createdAt, verdict: resolution.verdict,
                verdictAt: resolution.verdict == nil ? nil : solution.createdAt)
            logChange(.ticket, ticket.id)
        }
        logChange(.solution, solutionId)
    }
}

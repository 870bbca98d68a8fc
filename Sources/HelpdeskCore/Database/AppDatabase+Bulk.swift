import Foundation

/// The bulk write path: importers (JSONL, CSV, Stack Exchange dumps), the first-start knowledge base and synthetic
/// data for measurements all write through `write(batch:label:)`, so each table has one bulk writer beside the
/// domain's single-row operations.
extension AppDatabase {
    /// Writes `records` in one transaction with prepared statements: categories, agents, customers, solutions (and
    /// the tickets they resolve), tickets with their messages and solution links, and self-service events. Every
    /// added ticket and solution gets a change-log row and every ticket an audit row, so the index catches up as
    /// after any other write; after the commit the attached index does so at once. Rows whose external id (or, for
    /// people, e-mail) is already stored are skipped, so writing the same records twice adds nothing.
    /// - Returns: what was added.
    /// - Throws: `ImportError` naming the record's source for a bad reference (the transaction is rolled back, so
    ///   the database is as it was before the batch); database errors as they come.
    public func write(batch records: [ImportRecord], label: String) throws -> ImportSummary {
        let at = now()
        var summary = try sqlWriteNow { db in
            var writer = BatchWriter(db: db, at: at)
            for record in records { try writer.apply(record) }
            if writer.summary.tickets + writer.summary.solutions + writer.summary.agents > 0 {
                try self.audit(db, entity: "import", entityId: label, actorId: nil, action: "imported", after: "\(writer.summary)", at: at)
            }
            return writer.summary
        }
        summary.batches = 1
        try catchUpIndexNow()
        return summary
    }

    /// Updates the query planner's statistics (`ANALYZE` on a sample of each index), worth running after a bulk load.
    public func analyze() async throws {
        try await sqlWrite { db in
            switch db.dialect {
            case .sqlite:
                try db.execute("PRAGMA analysis_limit = 1000")
                try db.execute("ANALYZE")
            case .postgres:
                try db.execute("ANALYZE")
            }
        }
    }
}

/// Applies records inside one write transaction.
private struct BatchWriter {
    let db: any SQLExecutor
    let at: Date
    var summary = ImportSummary()
    var knownCategories: Set<String> = []
    var policies: [TicketPriority: SLAPolicy] = [:]

    init(db: any SQLExecutor, at: Date) {
        self.db = db
        self.at = at
    }

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

    // MARK: Lookups

    func fetchId(_ sql: String, _ arguments: any SQLBindable...) throws -> Int64? {
        try db.int64(sql, arguments: arguments.map(\.sqlValue))
    }

    /// Runs a statement; returns the rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: any SQLBindable...) throws -> Int {
        try db.execute(sql, arguments.map(\.sqlValue))
    }

    /// Runs an insert; returns the new row's id.
    func insert(_ sql: String, _ arguments: any SQLBindable...) throws -> Int64 {
        try db.insert(sql, arguments.map(\.sqlValue), returning: "id")
    }

    func logChange(_ entity: IndexedEntity, _ id: Int64) throws {
        try execute("INSERT INTO changeLog (entity, entityId, at) VALUES (?, ?, ?)", entity.rawValue, id, at)
    }

    static func json(_ strings: [String]) -> String {
        // `JSONEncoder` cannot fail on an array of strings.
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    mutating func ensureCategory(_ id: String, name: String? = nil, description: String = "") throws {
        guard !knownCategories.contains(id) else { return }
        let added = try execute(
            "INSERT INTO category (id, name, description) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, name ?? id, description)
        if added > 0 { summary.categories += 1 }
        knownCategories.insert(id)
    }

    func normalizedEmail(_ raw: String, source: InputLocation, field: String) throws -> String {
        do { return try InputValidation.normalizedEmail(raw) } catch {
            throw ImportError(source, field: field, "not a valid e-mail address: \"\(raw)\"")
        }
    }

    /// The user id of an agent reference, creating the agent when asked and missing.
    mutating func agentId(for reference: AgentReference, source: InputLocation, field: String) throws -> Int64 {
        switch reference {
        case .existing(let key):
            if let id = try fetchId("SELECT id FROM \"user\" WHERE externalId = ? AND role != 'customer'", key) { return id }
            if key.contains("@"),
                let id = try fetchId("SELECT id FROM \"user\" WHERE email = ? AND role != 'customer'", key.lowercased())
            {
                return id
            }
            throw ImportError(source, field: field, "unknown agent \"\(key)\"")
        case .createIfMissing(let agent):
            if let id = try fetchId("SELECT id FROM \"user\" WHERE externalId = ?", agent.externalId) { return id }
            let email = try normalizedEmail(agent.email, source: source, field: "email")
            if let id = try fetchId("SELECT id FROM \"user\" WHERE email = ? AND role != 'customer'", email) { return id }
            if try fetchId("SELECT id FROM \"user\" WHERE email = ?", email) != nil {
                throw ImportError(source, field: "email", "\(email) already belongs to a customer account")
            }
            for skill in agent.skills { try ensureCategory(skill) }
            let id = try insert(
                """
                INSERT INTO "user" (externalId, role, name, email, passwordHash, isConfirmed, isActive, skills, capacity, createdAt)
                VALUES (?, 'agent', ?, ?, ?, TRUE, TRUE, ?, ?, ?)
                """,
                agent.externalId, agent.name, email, PasswordHasher.unusableHash + SecureToken.generate(),
                Self.json(agent.skills), agent.capacity, at
            )
            summary.agents += 1
            return id
        }
    }

    mutating func customerId(for customer: CustomerRecord, createdAt: Date, source: InputLocation) throws -> Int64 {
        if let key = customer.externalId, let id = try fetchId("SELECT id FROM \"user\" WHERE externalId = ?", key) {
            return id
        }
        let email = try normalizedEmail(customer.email, source: source, field: "customer.email")
        if let id = try fetchId("SELECT id FROM \"user\" WHERE email = ?", email) { return id }
        guard !customer.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ImportError(source, field: "customer.name", "empty")
        }
        let id = try insert(
            """
            INSERT INTO "user" (externalId, role, name, email, passwordHash, isConfirmed, isActive, skills, capacity, createdAt)
            VALUES (?, 'customer', ?, ?, ?, TRUE, TRUE, '[]', 0, ?)
            """,
            customer.externalId, customer.name, email, PasswordHasher.unusableHash + SecureToken.generate(), createdAt
        )
        summary.customers += 1
        return id
    }

    mutating func policy(_ priority: TicketPriority) throws -> SLAPolicy {
        if policies.isEmpty {
            for policy in try db.fetchAll(SLAPolicy.self, "SELECT * FROM slaPolicy") { policies[policy.priority] = policy }
        }
        return policies[priority] ?? SLAPolicy.defaults.first { $0.priority == priority }
            ?? SLAPolicy(priority: priority, firstResponseMinutes: 1440, resolutionMinutes: 10080)
    }

    // MARK: Inserts

    mutating func link(ticketId: Int64, solutionId: Int64, at linkedAt: Date, verdict: Verdict?, verdictAt: Date?) throws {
        let added = try execute(
            """
            INSERT INTO ticketSolution (ticketId, solutionId, linkedAt, verdict, verdictAt) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """,
            ticketId, solutionId, linkedAt, verdict?.rawValue, verdictAt
        )
        guard added > 0 else { return }
        summary.links += 1
        try execute(
            """
            UPDATE solution SET reuseCount = reuseCount + 1, solvedCount = solvedCount + ?,
                notSolvedCount = notSolvedCount + ? WHERE id = ?
            """,
            verdict == .solved ? 1 : 0, verdict == .notSolved ? 1 : 0, solutionId
        )
    }

    mutating func insertMessage(ticketId: Int64, authorId: Int64?, kind: MessageKind, body: String, at: Date) throws {
        try execute(
            "INSERT INTO ticketMessage (ticketId, authorId, kind, body, createdAt) VALUES (?, ?, ?, ?, ?)",
            ticketId, authorId, kind.rawValue, body, at
        )
        summary.messages += 1
    }

    mutating func insert(_ ticket: TicketRecord, source: InputLocation) throws {
        if try fetchId("SELECT id FROM ticket WHERE externalId = ?", ticket.externalId) != nil {
            summary.skipped += 1
            return
        }
        let customerId = try customerId(for: ticket.customer, createdAt: ticket.createdAt, source: source)
        var agentId: Int64?
        if let agent = ticket.agent { agentId = try self.agentId(for: agent, source: source, field: "agent") }
        var solutionId: Int64?
        if let key = ticket.solution {
            guard let id = try fetchId("SELECT id FROM solution WHERE externalId = ?", key) else {
                throw ImportError(source, field: "solution", "unknown solution \"\(key)\"")
            }
            solutionId = id
        }
        if let category = ticket.categoryId { try ensureCategory(category) }
        let policy = try policy(ticket.priority)
        let lastMessage = ticket.messages.map(\.at).max()
        let resolvedAt = ticket.status.isOpen ? nil : (ticket.resolvedAt ?? lastMessage ?? ticket.createdAt)
        let lastActivity = [ticket.createdAt, ticket.firstResponseAt, resolvedAt, lastMessage].compactMap { $0 }.max()!
        // Closed when the record says, never before it was resolved; otherwise at the last activity.
        let closedAt: Date? =
            ticket.status == .closed ? ticket.closedAt.map { max($0, resolvedAt ?? ticket.createdAt) } ?? lastActivity : nil
        let updatedAt = max(lastActivity, closedAt ?? lastActivity)
        let ticketId = try insert(
            """
            INSERT INTO ticket (externalId, customerId, subject, description, categoryId, priority, status, assigneeId,
                createdAt, updatedAt, firstResponseAt, resolvedAt, closedAt, firstResponseDueAt, resolutionDueAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            ticket.externalId, customerId, ticket.subject, ticket.description, ticket.categoryId, ticket.priority.rawValue,
            ticket.status.rawValue, agentId, ticket.createdAt, updatedAt, ticket.firstResponseAt, resolvedAt,
            closedAt,
            ticket.createdAt.addingTimeInterval(TimeInterval(policy.firstResponseMinutes * 60)),
            ticket.createdAt.addingTimeInterval(TimeInterval(policy.resolutionMinutes * 60))
        )
        summary.tickets += 1
        for message in ticket.messages {
            if message.author == .agent && agentId == nil {
                throw ImportError(source, field: "messages", "an agent message needs the ticket's agent")
            }
            try insertMessage(
                ticketId: ticketId,
                authorId: message.author == .agent ? agentId : customerId,
                kind: message.author == .agent ? .agentReply : .customerReply,
                body: message.body,
                at: message.at
            )
        }
        if let solutionId {
            try link(
                ticketId: ticketId, solutionId: solutionId, at: resolvedAt ?? updatedAt, verdict: ticket.verdict,
                verdictAt: ticket.verdict == nil ? nil : (ticket.verdictAt ?? updatedAt))
            try logChange(.solution, solutionId)
        }
        for event in ticket.selfService { try insert(event, source: source) }
        try execute(
            """
            INSERT INTO auditEntry (entity, entityId, ticketId, actorId, at, action, field, after)
            VALUES ('ticket', ?, ?, NULL, ?, 'imported', 'externalId', ?)
            """,
            "\(ticketId)", ticketId, at, ticket.externalId
        )
        try logChange(.ticket, ticketId)
    }

    mutating func insert(_ event: SelfServiceRecord, source: InputLocation) throws {
        func solutionId(_ key: String) throws -> Int64 {
            guard let id = try fetchId("SELECT id FROM solution WHERE externalId = ?", key) else {
                throw ImportError(source, field: "solution", "unknown solution \"\(key)\"")
            }
            return id
        }
        switch event.kind {
        case .shown(let count):
            guard count > 0 else { throw ImportError(source, field: "count", "must be positive") }
            try execute(
                "INSERT INTO suggestionEvent (kind, solutionId, count, at) VALUES (?, NULL, ?, ?)",
                SuggestionEventKind.shown.rawValue, count, event.at)
        case .opened(let key):
            try execute(
                "INSERT INTO suggestionEvent (kind, solutionId, count, at) VALUES (?, ?, 1, ?)",
                SuggestionEventKind.opened.rawValue, try solutionId(key), event.at)
        case .deflected(let key, let query):
            try execute(
                "INSERT INTO deflection (solutionId, query, userId, at) VALUES (?, ?, NULL, ?)", try solutionId(key), query,
                event.at)
        }
        summary.events += 1
    }

    mutating func insert(_ solution: SolutionRecord, source: InputLocation) throws {
        if try fetchId("SELECT id FROM solution WHERE externalId = ?", solution.externalId) != nil {
            summary.skipped += 1
            return
        }
        var authorId: Int64?
        if let author = solution.author { authorId = try agentId(for: author, source: source, field: "author") }
        if let category = solution.categoryId { try ensureCategory(category) }
        var ticketId: Int64?
        var title = solution.title
        var categoryId = solution.categoryId
        if let resolution = solution.resolves {
            guard
                let row = try db.row(
                    "SELECT id, subject, categoryId FROM ticket WHERE externalId = ?", resolution.ticketExternalId)
            else {
                throw ImportError(source, field: "ParentId", "unknown ticket \"\(resolution.ticketExternalId)\"")
            }
            ticketId = try row.int64("id")
            if resolution.titleFromTicket {
                title = try row.string("subject")
                categoryId = try row.optionalString("categoryId")
            }
        }
        let solutionId = try insert(
            """
            INSERT INTO solution (externalId, title, steps, categoryId, authorId, createdAt, updatedAt, isPublished,
                reuseCount, solvedCount, notSolvedCount)
            VALUES (?, ?, ?, ?, ?, ?, ?, TRUE, 0, 0, 0)
            """,
            solution.externalId, title, Self.json(solution.steps), categoryId, authorId, solution.createdAt,
            solution.createdAt
        )
        summary.solutions += 1
        if let resolution = solution.resolves, let ticketId {
            if let reply = resolution.reply {
                try insertMessage(ticketId: ticketId, authorId: authorId, kind: .agentReply, body: reply, at: solution.createdAt)
            }
            // The answer resolved the question: its author owns the ticket, and the answer is the first response
            // and the resolution.
            try execute(
                """
                UPDATE ticket SET assigneeId = COALESCE(assigneeId, ?),
                    firstResponseAt = CASE WHEN firstResponseAt IS NULL OR firstResponseAt > ? THEN ? ELSE firstResponseAt END,
                    resolvedAt = CASE WHEN status IN ('resolved', 'closed') THEN ? ELSE resolvedAt END,
                    updatedAt = \(db.dialect.greatest("updatedAt", "?"))
                WHERE id = ?
                """,
                authorId, solution.createdAt, solution.createdAt, solution.createdAt, solution.createdAt, ticketId
            )
            try link(
                ticketId: ticketId, solutionId: solutionId, at: solution.createdAt, verdict: resolution.verdict,
                verdictAt: resolution.verdict == nil ? nil : solution.createdAt)
            try logChange(.ticket, ticketId)
        }
        try logChange(.solution, solutionId)
    }
}

import Foundation
import GRDB

extension AppDatabase {
    /// Imports a parsed corpus in one transaction: categories (upserted), agents (role agent, unusable random
    /// password), customers (confirmed, unusable password: they use "forgot password"), solutions, and resolved
    /// tickets with their messages, solution links and verdicts, keeping every timestamp as given. Rows whose
    /// external id (or, for customers, e-mail) already exists are skipped, so importing twice adds nothing.
    ///
    /// A ticket with verdict `solved` is stored closed; the others resolved. Solution counters are recomputed from
    /// the links. Every imported solution and ticket gets a change-log row, so an attached index catches up.
    /// - Throws: `HelpdeskError.conflict` when an agent's e-mail belongs to another account.
    public func importCorpus(_ corpus: Corpus) async throws -> CorpusSummary {
        let at = now()
        return try await write { db in
            var summary = CorpusSummary()
            for line in corpus.categories {
                try Category(id: line.id, name: line.name, description: line.description).upsert(db)
                summary.categories += 1
            }

            var agentIds: [String: Int64] = [:]
            for line in corpus.agents {
                if let existing = try User.filter(User.Columns.externalId == line.id).fetchOne(db) {
                    agentIds[line.id] = existing.id
                    continue
                }
                let email = try InputValidation.normalizedEmail(line.email)
                guard try User.filter(User.Columns.email == email).fetchCount(db) == 0 else {
                    throw HelpdeskError.conflict("Agent \(line.id): \(email) already belongs to another account.")
                }
                var agent = User(
                    externalId: line.id,
                    role: .agent,
                    name: line.name,
                    email: email,
                    passwordHash: PasswordHasher.unusableHash + SecureToken.generate(),
                    isConfirmed: true,
                    skills: line.skills,
                    capacity: line.capacity,
                    createdAt: at
                )
                try agent.insert(db)
                agentIds[line.id] = agent.id
                summary.agents += 1
            }

            var solutionIds: [String: Int64] = [:]
            var importedSolutions: Set<Int64> = []
            for line in corpus.solutions {
                if let existing = try Solution.filter(Solution.Columns.externalId == line.id).fetchOne(db) {
                    solutionIds[line.id] = existing.id
                    continue
                }
                var solution = Solution(
                    id: nil,
                    externalId: line.id,
                    title: line.title,
                    steps: line.steps,
                    categoryId: line.category,
                    authorId: agentIds[line.author],
                    createdAt: line.createdAt,
                    updatedAt: line.createdAt,
                    isPublished: true,
                    previousVersionId: nil,
                    supersededById: nil,
                    reuseCount: 0,
                    solvedCount: 0,
                    notSolvedCount: 0
                )
                try solution.insert(db)
                solutionIds[line.id] = solution.id
                importedSolutions.insert(solution.requiredID)
                try self.logChange(db, .solution, solution.requiredID, at: at)
                summary.solutions += 1
            }

            var customerIds: [String: Int64] = [:]
            let policies = Dictionary(uniqueKeysWithValues: try SLAPolicy.fetchAll(db).map { ($0.priority, $0) })
            for line in corpus.tickets {
                if try Ticket.filter(Ticket.Columns.externalId == line.id).fetchCount(db) > 0 { continue }
                let email = try InputValidation.normalizedEmail(line.customer.email)
                let customerId: Int64
                if let known = customerIds[email] {
                    customerId = known
                } else if let existing = try User.filter(User.Columns.email == email).fetchOne(db) {
                    customerId = existing.requiredID
                    customerIds[email] = customerId
                } else {
                    var customer = User(
                        role: .customer,
                        name: line.customer.name,
                        email: email,
                        passwordHash: PasswordHasher.unusableHash + SecureToken.generate(),
                        isConfirmed: true,
                        createdAt: line.createdAt
                    )
                    try customer.insert(db)
                    customerId = customer.requiredID
                    customerIds[email] = customerId
                    summary.customers += 1
                }
                guard let agentId = agentIds[line.agent], let solutionId = solutionIds[line.solution] else { continue }
                let policy = policies[line.priority] ?? SLAPolicy.defaults.first { $0.priority == line.priority }!
                let lastMessage = line.messages.map(\.at).max() ?? line.resolvedAt
                let solved = line.verdict == .solved
                var ticket = Ticket(
                    id: nil,
                    externalId: line.id,
                    customerId: customerId,
                    subject: line.subject,
                    description: line.description,
                    categoryId: line.category,
                    priority: line.priority,
                    status: solved ? .closed : .resolved,
                    assigneeId: agentId,
                    createdAt: line.createdAt,
                    updatedAt: max(line.resolvedAt, lastMessage),
                    firstResponseAt: line.firstResponseAt,
                    resolvedAt: line.resolvedAt,
                    closedAt: solved ? max(line.resolvedAt, lastMessage) : nil,
                    firstResponseDueAt: line.createdAt.addingTimeInterval(TimeInterval(policy.firstResponseMinutes * 60)),
                    resolutionDueAt: line.createdAt.addingTimeInterval(TimeInterval(policy.resolutionMinutes * 60)),
                    mergedIntoId: nil
                )
                try ticket.insert(db)
                let ticketId = ticket.requiredID
                for message in line.messages {
                    var row = TicketMessage(
                        id: nil,
                        ticketId: ticketId,
                        authorId: message.author == .agent ? agentId : customerId,
                        kind: message.author == .agent ? .agentReply : .customerReply,
                        body: message.body,
                        createdAt: message.at,
                        mergedFromTicketId: nil
                    )
                    try row.insert(db)
                    summary.messages += 1
                }
                let verdict: Verdict? =
                    switch line.verdict {
                    case .solved: .solved
                    case .notSolved: .notSolved
                    case nil: nil
                    }
                try TicketSolution(
                    ticketId: ticketId,
                    solutionId: solutionId,
                    linkedAt: line.resolvedAt,
                    verdict: verdict,
                    verdictAt: verdict == nil ? nil : max(line.resolvedAt, lastMessage)
                ).insert(db, onConflict: .ignore)
                if verdict != nil { summary.verdicts += 1 }
                try self.audit(
                    db,
                    entity: "ticket",
                    entityId: "\(ticketId)",
                    ticketId: ticketId,
                    actorId: nil,
                    action: "imported",
                    field: "externalId",
                    after: line.id,
                    at: at
                )
                try self.logChange(db, .ticket, ticketId, at: at)
                if !importedSolutions.contains(solutionId) {
                    importedSolutions.insert(solutionId)
                    try self.logChange(db, .solution, solutionId, at: at)
                }
                summary.tickets += 1
            }

            // Counters follow the links, whatever was there before.
            try db.execute(
                sql: """
                    UPDATE solution SET
                        reuseCount = (SELECT COUNT(*) FROM ticketSolution WHERE solutionId = solution.id),
                        solvedCount = (SELECT COUNT(*) FROM ticketSolution WHERE solutionId = solution.id AND verdict = ?),
                        notSolvedCount = (SELECT COUNT(*) FROM ticketSolution WHERE solutionId = solution.id AND verdict = ?)
                    WHERE externalId IS NOT NULL
                    """,
                arguments: [Verdict.solved, Verdict.notSolved]
            )
            try self.audit(
                db,
                entity: "corpus",
                entityId: "import",
                actorId: nil,
                action: "imported",
                field: nil,
                before: nil,
                after: "\(summary.solutions) solutions, \(summary.tickets) tickets",
                at: at
            )
            return summary
        }
    }
}

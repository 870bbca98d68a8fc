import Foundation
import GRDB

/// The people, categories and solutions synthetic tickets refer to (see `care generate`).
public struct SyntheticCast: Sendable {
    /// An admin to run reports as (no usable password).
    public var admin: User
    /// Category ids.
    public var categoryIds: [String]
    /// Agent ids.
    public var agentIds: [Int64]
    /// Customer ids.
    public var customerIds: [Int64]
    /// Solution ids per category id.
    public var solutionIds: [String: [Int64]]
}

/// A synthetic ticket with the solution that resolved it, the customer's verdict and what self-service saw before.
public struct GeneratedTicket: Sendable {
    /// The customer.
    public var customerId: Int64
    /// One-line summary.
    public var subject: String
    /// Category id.
    public var categoryId: String?
    /// Priority.
    public var priority: TicketPriority
    /// Status now.
    public var status: TicketStatus
    /// The agent holding it.
    public var assigneeId: Int64?
    /// When it was filed.
    public var createdAt: Date
    /// First staff reply.
    public var firstResponseAt: Date?
    /// Resolution.
    public var resolvedAt: Date?
    /// Closing.
    public var closedAt: Date?
    /// First-response deadline.
    public var firstResponseDueAt: Date
    /// Resolution deadline.
    public var resolutionDueAt: Date
    /// The solution linked when it was resolved.
    public var solutionId: Int64?
    /// The verdict on that solution.
    public var verdict: Verdict?
    /// When the verdict was given.
    public var verdictAt: Date?
    /// A deflection recorded just before the ticket was filed (someone else's problem solved by this solution).
    public var deflectedBy: Int64?
    /// Suggestions listed while the ticket was written.
    public var suggestionsShown: Int = 0
    /// A suggestion opened while the ticket was written.
    public var openedSuggestion: Int64?

    /// Creates a value; the optional parts start empty.
    public init(
        customerId: Int64,
        subject: String,
        categoryId: String?,
        priority: TicketPriority,
        status: TicketStatus,
        assigneeId: Int64?,
        createdAt: Date,
        firstResponseDueAt: Date,
        resolutionDueAt: Date
    ) {
        self.customerId = customerId
        self.subject = subject
        self.categoryId = categoryId
        self.priority = priority
        self.status = status
        self.assigneeId = assigneeId
        self.createdAt = createdAt
        self.firstResponseDueAt = firstResponseDueAt
        self.resolutionDueAt = resolutionDueAt
    }

    /// The ticket row.
    var ticket: Ticket {
        Ticket(
            id: nil,
            externalId: nil,
            customerId: customerId,
            subject: subject,
            description: "Generated for measuring the reports.",
            categoryId: categoryId,
            priority: priority,
            status: status,
            assigneeId: assigneeId,
            createdAt: createdAt,
            updatedAt: closedAt ?? resolvedAt ?? firstResponseAt ?? createdAt,
            firstResponseAt: firstResponseAt,
            resolvedAt: resolvedAt,
            closedAt: closedAt,
            firstResponseDueAt: firstResponseDueAt,
            resolutionDueAt: resolutionDueAt,
            mergedIntoId: nil
        )
    }
}

extension AppDatabase {
    /// Creates (or finds, by external id) the synthetic categories, agents, customers, solutions and admin. The
    /// accounts cannot sign in: their password hash is unusable.
    public func prepareSyntheticCast(categories: Int, agents: Int, customers: Int, solutionsPerCategory: Int) async throws
        -> SyntheticCast
    {
        let at = now()
        return try await write { db in
            func user(_ externalId: String, _ role: UserRole, _ name: String, skills: [String] = [], capacity: Int = 0) throws -> User {
                if let existing = try User.filter(User.Columns.externalId == externalId).fetchOne(db) { return existing }
                var user = User(
                    externalId: externalId,
                    role: role,
                    name: name,
                    email: "\(externalId)@synthetic.example",
                    passwordHash: PasswordHasher.unusableHash + SecureToken.generate(),
                    isConfirmed: true,
                    skills: skills,
                    capacity: capacity,
                    createdAt: at
                )
                try user.insert(db)
                return user
            }
            var categoryIds: [String] = []
            for n in 1...max(categories, 1) {
                let id = "synthetic-\(n)"
                if try Category.fetchOne(db, key: id) == nil {
                    try Category(id: id, name: "Synthetic category \(n)").insert(db)
                }
                categoryIds.append(id)
            }
            let admin = try user("synthetic-admin", .admin, "Synthetic admin")
            let agentIds = try (1...max(agents, 1)).map {
                try user("synthetic-agent-\($0)", .agent, "Agent \($0)", skills: [categoryIds[$0 % categoryIds.count]], capacity: 40)
                    .requiredID
            }
            let customerIds = try (1...max(customers, 1)).map { try user("synthetic-customer-\($0)", .customer, "Customer \($0)").requiredID }
            var solutionIds: [String: [Int64]] = [:]
            for (c, categoryId) in categoryIds.enumerated() {
                for n in 1...max(solutionsPerCategory, 1) {
                    let externalId = "synthetic-solution-\(c + 1)-\(n)"
                    if let existing = try Solution.filter(Solution.Columns.externalId == externalId).fetchOne(db) {
                        solutionIds[categoryId, default: []].append(existing.requiredID)
                        continue
                    }
                    var solution = Solution(
                        id: nil,
                        externalId: externalId,
                        title: "Synthetic answer \(n) for category \(c + 1)",
                        steps: ["Try step one.", "Then step two."],
                        categoryId: categoryId,
                        authorId: agentIds[n % agentIds.count],
                        createdAt: at.addingTimeInterval(-400 * 86_400),
                        updatedAt: at,
                        isPublished: true,
                        previousVersionId: nil,
                        supersededById: nil,
                        reuseCount: 0,
                        solvedCount: 0,
                        notSolvedCount: 0
                    )
                    try solution.insert(db)
                    try self.logChange(db, .solution, solution.requiredID, at: at)
                    solutionIds[categoryId, default: []].append(solution.requiredID)
                }
            }
            return SyntheticCast(
                admin: admin,
                categoryIds: categoryIds,
                agentIds: agentIds,
                customerIds: customerIds,
                solutionIds: solutionIds
            )
        }
    }

    /// Inserts synthetic tickets (with their solution links, verdicts, deflections and suggestion events) in one
    /// transaction, and adds the links and verdicts to the solutions' counters. Writes no audit, mail or change-log
    /// rows: the search index does not see these tickets until it is rebuilt.
    public func insertGenerated(_ tickets: [GeneratedTicket]) async throws {
        try await writeWithoutIndex { db in
            var counters: [Int64: (reused: Int, solved: Int, notSolved: Int)] = [:]
            // One prepared statement for the tickets: the bulk of the rows.
            let insertTicket = try db.cachedStatement(
                sql: """
                    INSERT INTO ticket (customerId, subject, description, categoryId, priority, status, assigneeId, createdAt,
                      updatedAt, firstResponseAt, resolvedAt, closedAt, firstResponseDueAt, resolutionDueAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for generated in tickets {
                var ticket = generated.ticket
                try insertTicket.execute(arguments: [
                    ticket.customerId, ticket.subject, ticket.description, ticket.categoryId, ticket.priority, ticket.status,
                    ticket.assigneeId, ticket.createdAt, ticket.updatedAt, ticket.firstResponseAt, ticket.resolvedAt, ticket.closedAt,
                    ticket.firstResponseDueAt, ticket.resolutionDueAt,
                ])
                ticket.id = db.lastInsertedRowID
                let filed = ticket.createdAt
                if let solutionId = generated.deflectedBy {
                    var deflection = Deflection(id: nil, solutionId: solutionId, query: "synthetic", userId: nil, at: filed.addingTimeInterval(-60))
                    try deflection.insert(db)
                }
                if generated.suggestionsShown > 0 {
                    var shown = SuggestionEvent(id: nil, kind: .shown, solutionId: nil, count: generated.suggestionsShown, at: filed.addingTimeInterval(-30))
                    try shown.insert(db)
                }
                if let solutionId = generated.openedSuggestion {
                    var opened = SuggestionEvent(id: nil, kind: .opened, solutionId: solutionId, count: 1, at: filed.addingTimeInterval(-20))
                    try opened.insert(db)
                }
                guard let solutionId = generated.solutionId, let resolvedAt = ticket.resolvedAt else { continue }
                try TicketSolution(
                    ticketId: ticket.requiredID,
                    solutionId: solutionId,
                    linkedAt: resolvedAt,
                    verdict: generated.verdict,
                    verdictAt: generated.verdictAt
                ).insert(db)
                var counter = counters[solutionId] ?? (0, 0, 0)
                counter.reused += 1
                if generated.verdict == .solved { counter.solved += 1 }
                if generated.verdict == .notSolved { counter.notSolved += 1 }
                counters[solutionId] = counter
            }
            for (solutionId, counter) in counters {
                try db.execute(
                    sql: """
                        UPDATE solution SET reuseCount = reuseCount + ?, solvedCount = solvedCount + ?,
                          notSolvedCount = notSolvedCount + ? WHERE id = ?
                        """,
                    arguments: [counter.reused, counter.solved, counter.notSolved, solutionId]
                )
            }
        }
    }

    /// Updates the query planner's statistics (`ANALYZE` on a sample of each index), worth running after a bulk load.
    public func analyze() async throws {
        try await writeWithoutIndex { db in try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE") }
    }
}

import Foundation

/// A user as the bulk writer knows it: stored or pending, and whether a customer.
struct BulkUser: Sendable, Hashable {
    /// Its id.
    var id: BulkID
    /// Whether its role is `customer`.
    var isCustomer: Bool
}

/// A ticket as the bulk writer knows it, with what a solution that resolves it may copy.
struct BulkTicket: Sendable {
    /// Its id.
    var id: BulkID
    /// Its subject.
    var subject: String
    /// Its category.
    var categoryId: String?
}

/// What the bulk writer knows of the stored and pending rows, by the keys records refer to them with: the batch's
/// keys are read in a few `IN (…)` queries before the first record, and every row the batch adds is entered as it is
/// added, so looking a key up costs no round trip. A key the batch did not announce is read from the store on first
/// use, so the answers are the store's, as if each record had been written before the next was read.
struct BulkLookups: Sendable {
    /// Users by external id.
    private var usersByExternalId: [String: BulkUser] = [:]
    /// Users by (normalized) e-mail.
    private var usersByEmail: [String: BulkUser] = [:]
    /// Tickets by external id.
    private var ticketsByExternalId: [String: BulkTicket] = [:]
    /// Solutions by external id.
    private var solutionsByExternalId: [String: BulkID] = [:]
    /// User external ids already asked of the store or added (a miss among them means no such user).
    private var askedUserExternalIds: Set<String> = []
    /// E-mails already asked of the store or added.
    private var askedEmails: Set<String> = []
    /// Ticket external ids already asked of the store or added.
    private var askedTickets: Set<String> = []
    /// Solution external ids already asked of the store or added.
    private var askedSolutions: Set<String> = []

    /// Keys per `IN (…)` query.
    static let keysPerQuery = 500

    /// The key as stored: both stores drop NUL characters from text (see `String.sqlValue`).
    static func key(_ raw: String) -> String {
        raw.utf8.contains(0) ? raw.replacingOccurrences(of: "\u{0}", with: "") : raw
    }

    // MARK: Reading ahead

    /// Reads the stored rows of every key `records` refer to.
    mutating func prefetch(_ records: [ImportRecord], db: any SQLExecutor) throws {
        var users: Set<String> = []
        var emails: Set<String> = []
        var tickets: Set<String> = []
        var solutions: Set<String> = []
        func agent(_ reference: AgentReference) {
            switch reference {
            case .existing(let key):
                users.insert(key)
                if key.contains("@") { emails.insert(key.lowercased()) }
            case .createIfMissing(let agent):
                users.insert(agent.externalId)
                if let email = try? InputValidation.normalizedEmail(agent.email) { emails.insert(email) }
            }
        }
        func customer(_ customer: CustomerRecord) {
            if let key = customer.externalId { users.insert(key) }
            if let email = try? InputValidation.normalizedEmail(customer.email) { emails.insert(email) }
        }
        for record in records {
            switch record.value {
            case .category: break
            case .agent(let record): agent(.createIfMissing(record))
            case .customer(let record): customer(record)
            case .solution(let solution):
                solutions.insert(solution.externalId)
                if let author = solution.author { agent(author) }
                if let resolves = solution.resolves { tickets.insert(resolves.ticketExternalId) }
            case .ticket(let ticket):
                tickets.insert(ticket.externalId)
                customer(ticket.customer)
                if let reference = ticket.agent { agent(reference) }
                if let key = ticket.solution { solutions.insert(key) }
                for event in ticket.selfService {
                    switch event.kind {
                    case .shown: break
                    case .opened(let key), .deflected(let key, _): solutions.insert(key)
                    }
                }
            }
        }
        try readUsers(column: "externalId", users, db: db)
        try readUsers(column: "email", emails, db: db)
        try readTickets(tickets, db: db)
        try readSolutions(solutions, db: db)
    }

    /// `keys` (as stored) not asked yet, in chunks for `IN (…)`, marked as asked.
    private static func unasked(_ keys: Set<String>, _ asked: inout Set<String>) -> [[String]] {
        let fresh = keys.map(Self.key).filter { asked.insert($0).inserted }.sorted()
        return stride(from: 0, to: fresh.count, by: keysPerQuery).map { Array(fresh[$0..<min($0 + keysPerQuery, fresh.count)]) }
    }

    /// Reads the users whose `column` (`externalId` or `email`) is one of `keys` not asked yet.
    private mutating func readUsers(column: String, _ keys: Set<String>, db: any SQLExecutor) throws {
        var asked = column == "email" ? askedEmails : askedUserExternalIds
        for chunk in Self.unasked(keys, &asked) {
            let sql = "SELECT id, externalId, email, role FROM \"user\" WHERE \(column) IN (\(sqlPlaceholders(chunk.count)))"
            for row in try db.rows(sql, chunk.map(\.sqlValue)) {
                let user = BulkUser(id: .stored(try row.int64("id")), isCustomer: try row.string("role") == UserRole.customer.rawValue)
                if let externalId = try row.optionalString("externalId") { usersByExternalId[externalId] = user }
                usersByEmail[try row.string("email")] = user
            }
        }
        if column == "email" { askedEmails = asked } else { askedUserExternalIds = asked }
    }

    /// Reads the tickets of the external ids not asked yet.
    private mutating func readTickets(_ keys: Set<String>, db: any SQLExecutor) throws {
        for chunk in Self.unasked(keys, &askedTickets) {
            let sql = "SELECT id, externalId, subject, categoryId FROM ticket WHERE externalId IN (\(sqlPlaceholders(chunk.count)))"
            for row in try db.rows(sql, chunk.map(\.sqlValue)) {
                ticketsByExternalId[try row.string("externalId")] = BulkTicket(
                    id: .stored(try row.int64("id")), subject: try row.string("subject"),
                    categoryId: try row.optionalString("categoryId"))
            }
        }
    }

    /// Reads the solutions of the external ids not asked yet.
    private mutating func readSolutions(_ keys: Set<String>, db: any SQLExecutor) throws {
        for chunk in Self.unasked(keys, &askedSolutions) {
            let sql = "SELECT id, externalId FROM solution WHERE externalId IN (\(sqlPlaceholders(chunk.count)))"
            for row in try db.rows(sql, chunk.map(\.sqlValue)) {
                solutionsByExternalId[try row.string("externalId")] = .stored(try row.int64("id"))
            }
        }
    }

    // MARK: Looking up

    /// The user with this external id, if any.
    mutating func user(externalId raw: String, db: any SQLExecutor) throws -> BulkUser? {
        let key = Self.key(raw)
        if !askedUserExternalIds.contains(key) { try readUsers(column: "externalId", [key], db: db) }
        return usersByExternalId[key]
    }

    /// The user with this (normalized) e-mail, if any.
    mutating func user(email raw: String, db: any SQLExecutor) throws -> BulkUser? {
        let key = Self.key(raw)
        if !askedEmails.contains(key) { try readUsers(column: "email", [key], db: db) }
        return usersByEmail[key]
    }

    /// The ticket with this external id, if any.
    mutating func ticket(externalId raw: String, db: any SQLExecutor) throws -> BulkTicket? {
        let key = Self.key(raw)
        if !askedTickets.contains(key) { try readTickets([key], db: db) }
        return ticketsByExternalId[key]
    }

    /// The solution with this external id, if any.
    mutating func solution(externalId raw: String, db: any SQLExecutor) throws -> BulkID? {
        let key = Self.key(raw)
        if !askedSolutions.contains(key) { try readSolutions([key], db: db) }
        return solutionsByExternalId[key]
    }

    // MARK: Entering added rows

    /// Enters a user the batch adds.
    mutating func added(_ user: BulkUser, externalId: String?, email: String) {
        if let externalId {
            usersByExternalId[Self.key(externalId)] = user
            askedUserExternalIds.insert(Self.key(externalId))
        }
        usersByEmail[Self.key(email)] = user
        askedEmails.insert(Self.key(email))
    }

    /// Enters a ticket the batch adds.
    mutating func added(_ ticket: BulkTicket, externalId: String) {
        ticketsByExternalId[Self.key(externalId)] = ticket
        askedTickets.insert(Self.key(externalId))
    }

    /// Enters a solution the batch adds.
    mutating func added(solution id: BulkID, externalId: String) {
        solutionsByExternalId[Self.key(externalId)] = id
        askedSolutions.insert(Self.key(externalId))
    }
}

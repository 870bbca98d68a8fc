import Foundation
import GRDB

/// Changes to an agent's profile; nil fields stay as they are.
public struct AgentUpdate: Sendable, Hashable {
    /// New display name.
    public var name: String?
    /// New e-mail address.
    public var email: String?
    /// New skills (category ids).
    public var skills: [String]?
    /// New capacity (most open tickets at once).
    public var capacity: Int?

    /// Creates an update.
    public init(name: String? = nil, email: String? = nil, skills: [String]? = nil, capacity: Int? = nil) {
        self.name = name
        self.email = email
        self.skills = skills
        self.capacity = capacity
    }
}

extension AppDatabase {
    /// Creates an agent account (confirmed, with no usable password) and mails them a 7-day link to choose one.
    /// - Parameters:
    ///   - admin: the acting admin.
    ///   - skills: category ids the agent handles; each must exist.
    ///   - capacity: most open tickets the agent may hold, 0…1000.
    /// - Throws: `.forbidden` unless `admin` is an active admin; `.invalidInput`; `.conflict` for an address in use.
    public func createAgent(
        by admin: User,
        name: String,
        email: String,
        skills: [String] = [],
        capacity: Int = 10
    )
        async throws -> User
    {
        let name = try InputValidation.normalizedName(name)
        let email = try InputValidation.normalizedEmail(email)
        try Self.validateCapacity(capacity)
        let at = now()
        return try await sqlWriteIndexed { sql in
            let admin = try self.activeUser(sql, admin)
            try Permissions.requireAdmin(admin)
            try self.validateSkills(sql, skills)
            guard try Self.user(sql, email: email) == nil else {
                throw HelpdeskError.conflict("Another account already uses \(email).")
            }
            var agent = User(
                role: .agent,
                name: name,
                email: email,
                passwordHash: PasswordHasher.unusableHash,
                isConfirmed: true,
                skills: skills,
                capacity: capacity,
                createdAt: at
            )
            agent.id = try sql.insert(agent)
            try self.audit(
                sql,
                entity: "user",
                entityId: "\(agent.requiredID)",
                actorId: admin.id,
                action: "agentCreated",
                at: at
            )
            let token = try self.issueToken(
                sql,
                userId: agent.requiredID,
                purpose: .resetPassword,
                lifetime: self.configuration.invitationLifetime,
                at: at
            )
            let path = "/reset-password?token=\(token)"
            try self.enqueueMail(
                sql,
                kind: .agentInvitation,
                to: agent.email,
                subject: "Your agent account",
                body: """
                    Hello \(agent.name),

                    \(admin.name) created an agent account for you on Customer Care Registry.
                    Choose your password here (the link works once, within 7 days):
                    \(self.link(path))
                    """,
                payload: ["token": token, "path": path, "userId": "\(agent.requiredID)"],
                at: at
            )
            return agent
        }
    }

    /// Edits an agent's name, e-mail, skills or capacity; each changed field is audited.
    /// - Throws: `.forbidden` unless `admin` is an admin; `.notFound` when `agentId` is not an agent;
    ///   `.invalidInput`; `.conflict` for an address in use.
    public func updateAgent(id agentId: Int64, by admin: User, _ update: AgentUpdate) async throws -> User {
        let name = try update.name.map { try InputValidation.normalizedName($0) }
        let email = try update.email.map { try InputValidation.normalizedEmail($0) }
        if let capacity = update.capacity { try Self.validateCapacity(capacity) }
        let at = now()
        return try await sqlWriteIndexed { sql in
            let admin = try self.activeUser(sql, admin)
            try Permissions.requireAdmin(admin)
            guard var agent = try sql.find(User.self, id: agentId), agent.role == .agent else {
                throw HelpdeskError.notFound(entity: "agent", id: "\(agentId)")
            }
            let before = agent
            if let name { agent.name = name }
            if let email, email != agent.email {
                guard try Self.user(sql, email: email) == nil else {
                    throw HelpdeskError.conflict("Another account already uses \(email).")
                }
                agent.email = email
            }
            if let skills = update.skills {
                try self.validateSkills(sql, skills)
                agent.skills = skills
            }
            if let capacity = update.capacity { agent.capacity = capacity }
            try sql.update(agent)
            let changes: [(String, String, String)] = [
                ("name", before.name, agent.name), ("email", before.email, agent.email),
                ("skills", before.skills.joined(separator: ","), agent.skills.joined(separator: ",")),
                ("capacity", "\(before.capacity)", "\(agent.capacity)"),
            ]
            for (field, old, new) in changes where old != new {
                try self.audit(
                    sql,
                    entity: "user",
                    entityId: "\(agentId)",
                    actorId: admin.id,
                    action: "agentUpdated",
                    field: field,
                    before: old,
                    after: new,
                    at: at
                )
            }
            return agent
        }
    }

    /// Deactivates an agent: their open tickets go back to the queue (status `new`, no assignee, audited), their
    /// API tokens are revoked and their sessions end. Nothing is deleted.
    /// - Returns: the ids of the tickets handed back to the queue.
    @discardableResult
    public func deactivateAgent(id agentId: Int64, by admin: User) async throws -> [Int64] {
        let at = now()
        return try await sqlWriteIndexed { sql in
            let admin = try self.activeUser(sql, admin)
            try Permissions.requireAdmin(admin)
            guard var agent = try sql.find(User.self, id: agentId), agent.role == .agent else {
                throw HelpdeskError.notFound(entity: "agent", id: "\(agentId)")
            }
            guard agent.isActive else { return [] }
            agent.isActive = false
            try sql.update(agent)
            try self.audit(
                sql,
                entity: "user",
                entityId: "\(agentId)",
                actorId: admin.id,
                action: "agentDeactivated",
                field: "isActive",
                before: "true",
                after: "false",
                at: at
            )
            let openList = TicketStatus.open.map { _ in "?" }.joined(separator: ", ")
            let tickets = try sql.fetchAll(
                Ticket.self, "SELECT * FROM ticket WHERE assigneeId = ? AND status IN (\(openList)) ORDER BY id",
                arguments: [agentId.sqlValue] + TicketStatus.open.map(\.rawValue.sqlValue))
            for var ticket in tickets {
                let oldStatus = ticket.status
                ticket.assigneeId = nil
                ticket.status = .new
                ticket.updatedAt = at
                try sql.update(ticket)
                try self.audit(
                    sql,
                    entity: "ticket",
                    entityId: "\(ticket.requiredID)",
                    ticketId: ticket.id,
                    actorId: admin.id,
                    action: "returnedToQueue",
                    field: "assigneeId",
                    before: "\(agentId)",
                    after: nil,
                    at: at
                )
                if oldStatus != .new {
                    try self.audit(
                        sql,
                        entity: "ticket",
                        entityId: "\(ticket.requiredID)",
                        ticketId: ticket.id,
                        actorId: admin.id,
                        action: "statusChanged",
                        field: "status",
                        before: oldStatus.rawValue,
                        after: TicketStatus.new.rawValue,
                        at: at
                    )
                }
                try self.logChange(sql, .ticket, ticket.requiredID, at: at)
            }
            try sql.execute("UPDATE apiToken SET revokedAt = ? WHERE userId = ? AND revokedAt IS NULL", at, agentId)
            try sql.execute("DELETE FROM session WHERE userId = ?", agentId)
            return tickets.compactMap(\.id)
        }
    }

    /// Reactivates a deactivated agent.
    public func reactivateAgent(id agentId: Int64, by admin: User) async throws {
        let at = now()
        try await sqlWriteIndexed { sql in
            let admin = try self.activeUser(sql, admin)
            try Permissions.requireAdmin(admin)
            guard var agent = try sql.find(User.self, id: agentId), agent.role == .agent else {
                throw HelpdeskError.notFound(entity: "agent", id: "\(agentId)")
            }
            guard !agent.isActive else { return }
            agent.isActive = true
            try sql.update(agent)
            try self.audit(
                sql,
                entity: "user",
                entityId: "\(agentId)",
                actorId: admin.id,
                action: "agentReactivated",
                field: "isActive",
                before: "false",
                after: "true",
                at: at
            )
        }
    }

    /// All agents (active and not), by name, with their current number of open tickets.
    /// - Throws: `.forbidden` for customers.
    public func agents(for viewer: User) async throws -> [AgentLoad] {
        try Permissions.requireStaff(viewer)
        return try await sqlRead { sql in
            let agents = try sql.fetchAll(
                User.self, #"SELECT * FROM "user" WHERE role = ? ORDER BY name"#, UserRole.agent.rawValue)
            let loads = try Self.openTicketCounts(sql)
            return agents.map { AgentLoad(agent: $0, openTickets: loads[$0.requiredID] ?? 0) }
        }
    }

    /// Open tickets per assignee, read from the index of open tickets (`TicketStatus.openSQLList`).
    static func openTicketCounts(_ sql: any SQLExecutor) throws -> [Int64: Int] {
        let rows = try sql.rows(openTicketCountsSQL, [])
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.int64("assigneeId"), try $0.int("n")) })
    }

    /// The statement of `openTicketCounts`.
    static let openTicketCountsSQL = """
        SELECT assigneeId, COUNT(*) AS n FROM ticket
        WHERE status IN (\(TicketStatus.openSQLList)) AND assigneeId IS NOT NULL GROUP BY assigneeId
        """

    /// Checks that a capacity is within 0…1000.
    static func validateCapacity(_ capacity: Int) throws {
        guard (0...1000).contains(capacity) else {
            throw HelpdeskError.invalidInput(field: "capacity", message: "Use a number between 0 and 1000.")
        }
    }

    /// Checks that every skill names an existing category.
    func validateSkills(_ sql: any SQLExecutor, _ skills: [String]) throws {
        for skill in skills where try sql.row("SELECT id FROM category WHERE id = ?", skill) == nil {
            throw HelpdeskError.invalidInput(field: "skills", message: "Unknown category \"\(skill)\".")
        }
    }
}

/// An agent with the number of open tickets they hold.
public struct AgentLoad: Sendable, Hashable {
    /// The agent.
    public var agent: User
    /// Open tickets assigned to them.
    public var openTickets: Int
}

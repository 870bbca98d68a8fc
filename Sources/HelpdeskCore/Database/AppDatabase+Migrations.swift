import GRDB

extension AppDatabase {
    /// The schema, one migration per shipped version. Never edit a migration after it ships: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1") { db in
            try db.create(table: "category") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("description", .text).notNull().defaults(to: "")
            }

            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("externalId", .text).unique()
                t.column("role", .text).notNull().indexed()
                t.column("name", .text).notNull()
                t.column("email", .text).notNull().unique()
                t.column("passwordHash", .text).notNull()
                t.column("isConfirmed", .boolean).notNull().defaults(to: false)
                t.column("isActive", .boolean).notNull().defaults(to: true)
                t.column("skills", .jsonText).notNull().defaults(to: "[]")
                t.column("capacity", .integer).notNull().defaults(to: 0)
                t.column("createdAt", .datetime).notNull()
            }

            try db.create(table: "oneTimeToken") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.column("purpose", .text).notNull()
                t.column("tokenHash", .text).notNull().unique()
                t.column("ticketId", .integer)
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("usedAt", .datetime)
            }

            try db.create(table: "apiToken") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.column("name", .text).notNull()
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.column("lastUsedAt", .datetime)
                t.column("revokedAt", .datetime)
            }

            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.belongsTo("user", onDelete: .cascade)
                t.column("data", .blob).notNull()
                t.column("expiresAt", .datetime).notNull().indexed()
            }

            try db.create(table: "outboxMail") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("body", .text).notNull()
                t.column("payload", .jsonText).notNull().defaults(to: "{}")
                t.column("createdAt", .datetime).notNull()
                t.column("sentAt", .datetime).indexed()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("lastError", .text)
            }

            try db.create(table: "slaPolicy") { t in
                t.primaryKey("priority", .text)
                t.column("firstResponseMinutes", .integer).notNull().check { $0 > 0 }
                t.column("resolutionMinutes", .integer).notNull().check { $0 > 0 }
            }
            for policy in SLAPolicy.defaults { try policy.insert(db) }

            try db.create(table: "ticket") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("externalId", .text).unique()
                t.belongsTo("customer", inTable: "user", onDelete: .restrict).notNull()
                t.column("subject", .text).notNull()
                t.column("description", .text).notNull()
                t.belongsTo("category", onDelete: .setNull)
                t.column("priority", .text).notNull()
                t.column("status", .text).notNull().indexed()
                t.belongsTo("assignee", inTable: "user", onDelete: .setNull)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull().indexed()
                t.column("firstResponseAt", .datetime)
                t.column("resolvedAt", .datetime)
                t.column("closedAt", .datetime)
                t.column("firstResponseDueAt", .datetime).notNull().indexed()
                t.column("resolutionDueAt", .datetime).notNull().indexed()
                t.belongsTo("mergedInto", inTable: "ticket", onDelete: .setNull)
                t.column("firstResponseWarnedAt", .datetime)
                t.column("resolutionWarnedAt", .datetime)
            }

            try db.create(table: "ticketMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("ticket", onDelete: .cascade).notNull()
                t.belongsTo("author", inTable: "user", onDelete: .setNull)
                t.column("kind", .text).notNull()
                t.column("body", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.belongsTo("mergedFromTicket", inTable: "ticket", onDelete: .setNull)
            }

            try db.create(table: "auditEntry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("entity", .text).notNull()
                t.column("entityId", .text).notNull()
                t.belongsTo("ticket", onDelete: .setNull)
                t.belongsTo("actor", inTable: "user", onDelete: .setNull)
                t.column("at", .datetime).notNull()
                t.column("action", .text).notNull()
                t.column("field", .text)
                t.column("before", .text)
                t.column("after", .text)
            }
            try db.create(index: "auditEntry_on_entity_entityId", on: "auditEntry", columns: ["entity", "entityId"])

            try db.create(table: "solution") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("externalId", .text).unique()
                t.column("title", .text).notNull()
                t.column("steps", .jsonText).notNull()
                t.belongsTo("category", onDelete: .setNull)
                t.belongsTo("author", inTable: "user", onDelete: .setNull)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("isPublished", .boolean).notNull().defaults(to: true)
                t.belongsTo("previousVersion", inTable: "solution", onDelete: .setNull)
                t.belongsTo("supersededBy", inTable: "solution", onDelete: .setNull)
                t.column("reuseCount", .integer).notNull().defaults(to: 0)
                t.column("solvedCount", .integer).notNull().defaults(to: 0)
                t.column("notSolvedCount", .integer).notNull().defaults(to: 0)
            }

            try db.create(table: "ticketSolution") { t in
                t.belongsTo("ticket", onDelete: .cascade).notNull()
                t.belongsTo("solution", onDelete: .cascade).notNull()
                t.primaryKey(["ticketId", "solutionId"])
                t.column("linkedAt", .datetime).notNull()
                t.column("verdict", .text)
                t.column("verdictAt", .datetime)
            }

            try db.create(table: "deflection") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("solution", onDelete: .cascade).notNull()
                t.column("query", .text).notNull()
                t.belongsTo("user", onDelete: .setNull)
                t.column("at", .datetime).notNull()
            }

            try db.create(table: "changeLog") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("entity", .text).notNull()
                t.column("entityId", .integer).notNull()
                t.column("at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v5-reports") { db in
            try Self.createReportSchema(db)
        }
        migrator.registerMigration("v5-identity") { db in
            try Self.createIdentitySchema(db)
        }
        migrator.registerMigration("v6-ticket-day-rollup") { db in
            try Self.createTicketDayRollup(db)
        }
        migrator.registerMigration("v6-agents-report-index") { db in
            // Tickets of one category resolved in a range, with their assignee, from the index alone (agents report).
            try db.create(
                index: "ticket_on_categoryId_resolvedAt",
                on: "ticket",
                columns: ["categoryId", "resolvedAt", "assigneeId"]
            )
        }
        migrator.registerMigration("v7-activity-customer-activity-and-views") { db in
            // What the customer did last (replied, reopened, not solved) and when, for the agents' queue.
            try db.alter(table: "ticket") { t in
                t.add(column: "lastCustomerActivityAt", .datetime)
                t.add(column: "lastCustomerAction", .text)
            }
            // "Mine" sorted by customer activity reads one assignee's tickets in order from the index.
            try db.create(
                index: "ticket_on_assigneeId_lastCustomerActivityAt",
                on: "ticket",
                columns: ["assigneeId", "lastCustomerActivityAt"]
            )
            // When each staff member last opened each ticket (unread marks).
            try db.create(table: "ticketView") { t in
                t.belongsTo("ticket", onDelete: .cascade).notNull()
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.primaryKey(["ticketId", "userId"])
                t.column("viewedAt", .datetime).notNull()
            }
            // Tickets that already have customer replies get their latest as "replied"; their assignees count as
            // having seen it, so that an upgrade does not mark every old ticket unread.
            try db.execute(
                sql: """
                    UPDATE ticket SET
                      lastCustomerActivityAt = (SELECT MAX(m.createdAt) FROM ticketMessage m
                                                WHERE m.ticketId = ticket.id AND m.kind = 'customerReply'),
                      lastCustomerAction = 'replied'
                    WHERE EXISTS (SELECT 1 FROM ticketMessage m WHERE m.ticketId = ticket.id AND m.kind = 'customerReply')
                    """
            )
            try db.execute(
                sql: """
                    INSERT INTO ticketView (ticketId, userId, viewedAt)
                    SELECT id, assigneeId, lastCustomerActivityAt FROM ticket
                    WHERE assigneeId IS NOT NULL AND lastCustomerActivityAt IS NOT NULL
                    """
            )
        }
        migrator.registerMigration("v7-customers-aggregates") { db in
            // The customer list aggregates tickets per customer (counts by status, latest update) and messages per
            // author (latest message) for every list request: covering indexes keep both to index-only scans.
            try db.create(
                index: "ticket_on_customerId_status_updatedAt",
                on: "ticket",
                columns: ["customerId", "status", "updatedAt"]
            )
            try db.create(
                index: "ticketMessage_on_authorId_createdAt",
                on: "ticketMessage",
                columns: ["authorId", "createdAt"]
            )
        }
        migrator.registerMigration("v7-first-admin-password") { db in
            // The first admin's generated password is printed once; until its owner replaces it, every page asks.
            try db.alter(table: "user") { t in
                t.add(column: "mustChangePassword", .boolean).notNull().defaults(to: false)
            }
        }
        return migrator
    }
}

import GRDB

/// The long migrations' SQL (`Migrations/SQLiteSchema+*.swift`), frozen like the rest.
enum SQLiteSchema {}

// The SQLite schema, one registered migration per release step, as frozen SQL: a shipped migration never changes, and
// nothing at run time shares its text (`MigrationSchemaTests` compares the migrated schema with a committed copy). A
// change of schema is a new migration appended at the end.
extension AppDatabase {
    /// The names of every migration this binary knows, oldest first.
    public static var migrationNames: [String] { migrator.migrations }

    /// The migrations, oldest first.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // The helpdesk's tables: categories, users, tokens, sessions, the outbox, SLA policies with their defaults, tickets,
            // messages, audit, solutions and their links, deflections and the change log the search index follows.
            try db.execute(
                sql: SQLiteSchema.v1
            )
        }
        migrator.registerMigration("v5-reports") { db in
            // Indexes covering what the reports read, and the suggestion events behind the self-service figures.
            try db.execute(
                sql: SQLiteSchema.v5Reports
            )
        }
        migrator.registerMigration("v5-identity") { db in
            // Sign-in provider identities linked to accounts.
            try db.execute(
                sql: """
                    CREATE TABLE "identity" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "provider" TEXT NOT NULL, "subject" TEXT NOT NULL, "userId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE, "email" TEXT NOT NULL, "linkedAt" DATETIME NOT NULL, "lastSignInAt" DATETIME NOT NULL, UNIQUE ("provider", "subject"));
                    CREATE INDEX "identity_on_userId" ON "identity"("userId");
                    """
            )
        }
        migrator.registerMigration("v6-ticket-day-rollup") { db in
            // The daily roll-up behind the backlog report, back-filled, and the triggers that keep it exact on every write
            // (see `backlogReport`).
            try db.execute(
                sql: SQLiteSchema.v6TicketDayRollup
            )
        }
        migrator.registerMigration("v6-agents-report-index") { db in
            // Tickets of one category resolved in a range, with their assignee, from the index alone (agents report).
            try db.execute(
                sql: """
                    CREATE INDEX "ticket_on_categoryId_resolvedAt" ON "ticket"("categoryId", "resolvedAt", "assigneeId");
                    """
            )
        }
        migrator.registerMigration("v7-activity-customer-activity-and-views") { db in
            // What the customer did last and when (agents' queue), the index for "Mine" by customer activity, and when
            // each staff member last opened each ticket (unread marks). Existing customer replies count as read by the
            // assignee, so that an upgrade does not mark every old ticket unread.
            try db.execute(
                sql: """
                    ALTER TABLE "ticket" ADD COLUMN "lastCustomerActivityAt" DATETIME;
                    ALTER TABLE "ticket" ADD COLUMN "lastCustomerAction" TEXT;
                    CREATE INDEX "ticket_on_assigneeId_lastCustomerActivityAt" ON "ticket"("assigneeId", "lastCustomerActivityAt");
                    CREATE TABLE "ticketView" ("ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "userId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE, "viewedAt" DATETIME NOT NULL, PRIMARY KEY ("ticketId", "userId"));
                    CREATE INDEX "ticketView_on_ticketId" ON "ticketView"("ticketId");
                    CREATE INDEX "ticketView_on_userId" ON "ticketView"("userId");
                    UPDATE ticket SET
                      lastCustomerActivityAt = (SELECT MAX(m.createdAt) FROM ticketMessage m
                                                WHERE m.ticketId = ticket.id AND m.kind = 'customerReply'),
                      lastCustomerAction = 'replied'
                    WHERE EXISTS (SELECT 1 FROM ticketMessage m WHERE m.ticketId = ticket.id AND m.kind = 'customerReply');
                    INSERT INTO ticketView (ticketId, userId, viewedAt)
                    SELECT id, assigneeId, lastCustomerActivityAt FROM ticket
                    WHERE assigneeId IS NOT NULL AND lastCustomerActivityAt IS NOT NULL;
                    """
            )
        }
        migrator.registerMigration("v7-customers-aggregates") { db in
            // Covering indexes for the customer list's per-customer aggregates.
            try db.execute(
                sql: """
                    CREATE INDEX "ticket_on_customerId_status_updatedAt" ON "ticket"("customerId", "status", "updatedAt");
                    CREATE INDEX "ticketMessage_on_authorId_createdAt" ON "ticketMessage"("authorId", "createdAt");
                    """
            )
        }
        migrator.registerMigration("v7-first-admin-password") { db in
            // The first admin's generated password is printed once; until its owner replaces it, every page asks.
            try db.execute(
                sql: """
                    ALTER TABLE "user" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT 0;
                    """
            )
        }
        migrator.registerMigration("v8-attachments") { db in
            // Files sent with a request (messageId NULL) or with a message of its thread; the bytes are in the attachment
            // store under sha256, written before the row.
            try db.execute(
                sql: """
                    CREATE TABLE "attachment" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "messageId" INTEGER REFERENCES "ticketMessage"("id") ON DELETE CASCADE, "sha256" TEXT NOT NULL, "fileName" TEXT NOT NULL, "contentType" TEXT NOT NULL, "size" INTEGER NOT NULL CHECK ("size" > 0), "createdAt" DATETIME NOT NULL);
                    CREATE INDEX "attachment_on_ticketId" ON "attachment"("ticketId");
                    CREATE INDEX "attachment_on_messageId" ON "attachment"("messageId");
                    CREATE INDEX "attachment_on_sha256" ON "attachment"("sha256");
                    """
            )
        }
        migrator.registerMigration("v9-outbox-claims") { db in
            // A mail worker claims the mails it is about to send until a lease ends, so that several app nodes on one
            // database deliver each mail once, and a node that dies mid-delivery leaves them to another after the lease.
            try db.execute(
                sql: """
                    ALTER TABLE "outboxMail" ADD COLUMN "claimedBy" TEXT;
                    ALTER TABLE "outboxMail" ADD COLUMN "claimedUntil" DATETIME;
                    """
            )
        }
        migrator.registerMigration("v10-resolved-assignee-index") { db in
            // The tickets resolved in a range with their assignee, from the index alone (the agents report's resolved
            // counts). It starts with the resolution time, so it replaces the index on that alone. Without the ticket's
            // id: with it, PostgreSQL read the whole index to join a month's verdicts to their tickets.
            try db.execute(
                sql: """
                    CREATE INDEX "ticket_on_resolvedAt_assigneeId" ON "ticket"("resolvedAt", "assigneeId");
                    DROP INDEX "ticket_on_resolvedAt";
                    """
            )
        }
        migrator.registerMigration("v11-open-tickets-index") { db in
            // Agents' open loads (every routing decision, the assignment page, the agents list) and the capacity check
            // of an assignment, from an index of the open tickets alone: a few per cent of a mature store's tickets.
            // Before it, once ANALYZE had taught SQLite's planner that a status holds a fifth of the tickets on
            // average, it counted the loads by walking every ticket in assignee order: 1.1 s a count at 1,000,000
            // tickets. A partial index, not one on (status, assignee): a planner without statistics (a store that
            // grew by use) took that one for a lookup of tickets by id and read a whole status from it instead.
            // The statuses are `TicketStatus.open`; changing those needs a new migration recreating this index.
            try db.execute(
                sql: """
                    CREATE INDEX "ticket_open_on_assigneeId" ON "ticket"("assigneeId")
                    WHERE "status" IN ('new', 'assigned', 'inProgress', 'waitingOnCustomer');
                    """
            )
        }
        migrator.registerMigration("v12-mail-replies") { db in
            // Replies by e-mail: the installation's secrets (the key that signs reply addresses, made once and shared by
            // every app node), and the Message-ID of every mail taken into a thread, so that a mail delivered twice is
            // added once.
            try db.execute(
                sql: """
                    CREATE TABLE "installationSecret" ("name" TEXT PRIMARY KEY NOT NULL, "value" TEXT NOT NULL, "createdAt" DATETIME NOT NULL);
                    CREATE TABLE "inboundMail" ("messageId" TEXT PRIMARY KEY NOT NULL, "ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "ticketMessageId" INTEGER REFERENCES "ticketMessage"("id") ON DELETE SET NULL, "receivedAt" DATETIME NOT NULL);
                    CREATE INDEX "inboundMail_on_ticketId" ON "inboundMail"("ticketId");
                    """
            )
        }
        return migrator
    }
}

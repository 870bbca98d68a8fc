import GRDB

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
                sql: """
                    CREATE TABLE "category" ("id" TEXT PRIMARY KEY NOT NULL, "name" TEXT NOT NULL, "description" TEXT NOT NULL DEFAULT '');
                    CREATE TABLE "user" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "externalId" TEXT UNIQUE, "role" TEXT NOT NULL, "name" TEXT NOT NULL, "email" TEXT NOT NULL UNIQUE, "passwordHash" TEXT NOT NULL, "isConfirmed" BOOLEAN NOT NULL DEFAULT 0, "isActive" BOOLEAN NOT NULL DEFAULT 1, "skills" TEXT NOT NULL DEFAULT '[]', "capacity" INTEGER NOT NULL DEFAULT 0, "createdAt" DATETIME NOT NULL);
                    CREATE INDEX "user_on_role" ON "user"("role");
                    CREATE TABLE "oneTimeToken" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "userId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE, "purpose" TEXT NOT NULL, "tokenHash" TEXT NOT NULL UNIQUE, "ticketId" INTEGER, "createdAt" DATETIME NOT NULL, "expiresAt" DATETIME NOT NULL, "usedAt" DATETIME);
                    CREATE INDEX "oneTimeToken_on_userId" ON "oneTimeToken"("userId");
                    CREATE TABLE "apiToken" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "userId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE, "name" TEXT NOT NULL, "tokenHash" TEXT NOT NULL UNIQUE, "createdAt" DATETIME NOT NULL, "lastUsedAt" DATETIME, "revokedAt" DATETIME);
                    CREATE INDEX "apiToken_on_userId" ON "apiToken"("userId");
                    CREATE TABLE "session" ("id" TEXT PRIMARY KEY NOT NULL, "userId" INTEGER REFERENCES "user"("id") ON DELETE CASCADE, "data" BLOB NOT NULL, "expiresAt" DATETIME NOT NULL);
                    CREATE INDEX "session_on_userId" ON "session"("userId");
                    CREATE INDEX "session_on_expiresAt" ON "session"("expiresAt");
                    CREATE TABLE "outboxMail" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "kind" TEXT NOT NULL, "recipient" TEXT NOT NULL, "subject" TEXT NOT NULL, "body" TEXT NOT NULL, "payload" TEXT NOT NULL DEFAULT '{}', "createdAt" DATETIME NOT NULL, "sentAt" DATETIME, "attempts" INTEGER NOT NULL DEFAULT 0, "lastError" TEXT);
                    CREATE INDEX "outboxMail_on_sentAt" ON "outboxMail"("sentAt");
                    CREATE TABLE "slaPolicy" ("priority" TEXT PRIMARY KEY NOT NULL, "firstResponseMinutes" INTEGER NOT NULL CHECK ("firstResponseMinutes" > 0), "resolutionMinutes" INTEGER NOT NULL CHECK ("resolutionMinutes" > 0));
                    INSERT INTO "slaPolicy" ("priority", "firstResponseMinutes", "resolutionMinutes") VALUES ('urgent',60,480);
                    INSERT INTO "slaPolicy" ("priority", "firstResponseMinutes", "resolutionMinutes") VALUES ('high',240,1440);
                    INSERT INTO "slaPolicy" ("priority", "firstResponseMinutes", "resolutionMinutes") VALUES ('normal',480,4320);
                    INSERT INTO "slaPolicy" ("priority", "firstResponseMinutes", "resolutionMinutes") VALUES ('low',1440,7200);
                    CREATE TABLE "ticket" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "externalId" TEXT UNIQUE, "customerId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE RESTRICT, "subject" TEXT NOT NULL, "description" TEXT NOT NULL, "categoryId" TEXT REFERENCES "category"("id") ON DELETE SET NULL, "priority" TEXT NOT NULL, "status" TEXT NOT NULL, "assigneeId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL, "firstResponseAt" DATETIME, "resolvedAt" DATETIME, "closedAt" DATETIME, "firstResponseDueAt" DATETIME NOT NULL, "resolutionDueAt" DATETIME NOT NULL, "mergedIntoId" INTEGER REFERENCES "ticket"("id") ON DELETE SET NULL, "firstResponseWarnedAt" DATETIME, "resolutionWarnedAt" DATETIME);
                    CREATE INDEX "ticket_on_customerId" ON "ticket"("customerId");
                    CREATE INDEX "ticket_on_categoryId" ON "ticket"("categoryId");
                    CREATE INDEX "ticket_on_status" ON "ticket"("status");
                    CREATE INDEX "ticket_on_assigneeId" ON "ticket"("assigneeId");
                    CREATE INDEX "ticket_on_updatedAt" ON "ticket"("updatedAt");
                    CREATE INDEX "ticket_on_firstResponseDueAt" ON "ticket"("firstResponseDueAt");
                    CREATE INDEX "ticket_on_resolutionDueAt" ON "ticket"("resolutionDueAt");
                    CREATE INDEX "ticket_on_mergedIntoId" ON "ticket"("mergedIntoId");
                    CREATE TABLE "ticketMessage" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "authorId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "kind" TEXT NOT NULL, "body" TEXT NOT NULL, "createdAt" DATETIME NOT NULL, "mergedFromTicketId" INTEGER REFERENCES "ticket"("id") ON DELETE SET NULL);
                    CREATE INDEX "ticketMessage_on_ticketId" ON "ticketMessage"("ticketId");
                    CREATE INDEX "ticketMessage_on_authorId" ON "ticketMessage"("authorId");
                    CREATE INDEX "ticketMessage_on_mergedFromTicketId" ON "ticketMessage"("mergedFromTicketId");
                    CREATE TABLE "auditEntry" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "entity" TEXT NOT NULL, "entityId" TEXT NOT NULL, "ticketId" INTEGER REFERENCES "ticket"("id") ON DELETE SET NULL, "actorId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "at" DATETIME NOT NULL, "action" TEXT NOT NULL, "field" TEXT, "before" TEXT, "after" TEXT);
                    CREATE INDEX "auditEntry_on_ticketId" ON "auditEntry"("ticketId");
                    CREATE INDEX "auditEntry_on_actorId" ON "auditEntry"("actorId");
                    CREATE INDEX "auditEntry_on_entity_entityId" ON "auditEntry"("entity", "entityId");
                    CREATE TABLE "solution" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "externalId" TEXT UNIQUE, "title" TEXT NOT NULL, "steps" TEXT NOT NULL, "categoryId" TEXT REFERENCES "category"("id") ON DELETE SET NULL, "authorId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL, "isPublished" BOOLEAN NOT NULL DEFAULT 1, "previousVersionId" INTEGER REFERENCES "solution"("id") ON DELETE SET NULL, "supersededById" INTEGER REFERENCES "solution"("id") ON DELETE SET NULL, "reuseCount" INTEGER NOT NULL DEFAULT 0, "solvedCount" INTEGER NOT NULL DEFAULT 0, "notSolvedCount" INTEGER NOT NULL DEFAULT 0);
                    CREATE INDEX "solution_on_categoryId" ON "solution"("categoryId");
                    CREATE INDEX "solution_on_authorId" ON "solution"("authorId");
                    CREATE INDEX "solution_on_previousVersionId" ON "solution"("previousVersionId");
                    CREATE INDEX "solution_on_supersededById" ON "solution"("supersededById");
                    CREATE TABLE "ticketSolution" ("ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "solutionId" INTEGER NOT NULL REFERENCES "solution"("id") ON DELETE CASCADE, "linkedAt" DATETIME NOT NULL, "verdict" TEXT, "verdictAt" DATETIME, PRIMARY KEY ("ticketId", "solutionId"));
                    CREATE INDEX "ticketSolution_on_ticketId" ON "ticketSolution"("ticketId");
                    CREATE INDEX "ticketSolution_on_solutionId" ON "ticketSolution"("solutionId");
                    CREATE TABLE "deflection" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "solutionId" INTEGER NOT NULL REFERENCES "solution"("id") ON DELETE CASCADE, "query" TEXT NOT NULL, "userId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "at" DATETIME NOT NULL);
                    CREATE INDEX "deflection_on_solutionId" ON "deflection"("solutionId");
                    CREATE INDEX "deflection_on_userId" ON "deflection"("userId");
                    CREATE TABLE "changeLog" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "entity" TEXT NOT NULL, "entityId" INTEGER NOT NULL, "at" DATETIME NOT NULL);
                    """
            )
        }
        migrator.registerMigration("v5-reports") { db in
            // Indexes covering what the reports read, and the suggestion events behind the self-service figures.
            try db.execute(
                sql: """
                    CREATE INDEX "ticket_on_createdAt_reporting" ON "ticket"("createdAt", "categoryId", "assigneeId", "priority", "status", "firstResponseAt", "resolvedAt", "closedAt", "firstResponseDueAt", "resolutionDueAt");
                    CREATE INDEX "ticket_on_resolvedAt" ON "ticket"("resolvedAt");
                    CREATE INDEX "ticket_on_closedAt" ON "ticket"("closedAt");
                    CREATE INDEX "ticket_on_categoryId_createdAt" ON "ticket"("categoryId", "createdAt");
                    CREATE INDEX "ticket_on_assigneeId_createdAt" ON "ticket"("assigneeId", "createdAt");
                    CREATE INDEX "ticket_on_assigneeId_resolvedAt" ON "ticket"("assigneeId", "resolvedAt");
                    CREATE INDEX "deflection_on_at" ON "deflection"("at");
                    CREATE INDEX "ticketSolution_on_linkedAt" ON "ticketSolution"("linkedAt");
                    CREATE INDEX "ticketSolution_on_verdictAt" ON "ticketSolution"("verdictAt");
                    CREATE TABLE "suggestionEvent" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "kind" TEXT NOT NULL, "solutionId" INTEGER REFERENCES "solution"("id") ON DELETE CASCADE, "count" INTEGER NOT NULL DEFAULT 1, "at" DATETIME NOT NULL);
                    CREATE INDEX "suggestionEvent_on_solutionId" ON "suggestionEvent"("solutionId");
                    CREATE INDEX "suggestionEvent_on_at" ON "suggestionEvent"("at");
                    """
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
                sql: """
                    CREATE TABLE "ticketDayRollup" ("day" TEXT NOT NULL, "categoryId" TEXT NOT NULL, "assigneeId" INTEGER NOT NULL, "filed" INTEGER NOT NULL, "answered" INTEGER NOT NULL, "finished" INTEGER NOT NULL, PRIMARY KEY ("day", "categoryId", "assigneeId")) WITHOUT ROWID;
                    INSERT INTO ticketDayRollup (day, categoryId, assigneeId, filed, answered, finished)
                    SELECT day, categoryId, assigneeId, SUM(filed), SUM(answered), SUM(finished) FROM (SELECT substr(ticket.createdAt, 1, 10) AS day, coalesce(ticket.categoryId, '') AS categoryId, coalesce(ticket.assigneeId, 0) AS assigneeId, 1 AS filed, 0 AS answered, 0 AS finished FROM ticket
                    UNION ALL
                    SELECT substr(max(ticket.createdAt, coalesce(min(ticket.firstResponseAt, coalesce(min(ticket.resolvedAt, ticket.closedAt), ticket.resolvedAt, ticket.closedAt)), ticket.firstResponseAt, coalesce(min(ticket.resolvedAt, ticket.closedAt), ticket.resolvedAt, ticket.closedAt))), 1, 10), coalesce(ticket.categoryId, '') AS categoryId, coalesce(ticket.assigneeId, 0) AS assigneeId, 0, 1, 0 FROM ticket WHERE coalesce(min(ticket.firstResponseAt, coalesce(min(ticket.resolvedAt, ticket.closedAt), ticket.resolvedAt, ticket.closedAt)), ticket.firstResponseAt, coalesce(min(ticket.resolvedAt, ticket.closedAt), ticket.resolvedAt, ticket.closedAt)) IS NOT NULL
                    UNION ALL
                    SELECT substr(max(ticket.createdAt, coalesce(min(ticket.resolvedAt, ticket.closedAt), ticket.resolvedAt, ticket.closedAt)), 1, 10), coalesce(ticket.categoryId, '') AS categoryId, coalesce(ticket.assigneeId, 0) AS assigneeId, 0, 0, 1 FROM ticket WHERE coalesce(min(ticket.resolvedAt, ticket.closedAt), ticket.resolvedAt, ticket.closedAt) IS NOT NULL) WHERE true
                    GROUP BY day, categoryId, assigneeId HAVING SUM(filed) <> 0 OR SUM(answered) <> 0 OR SUM(finished) <> 0
                    ON CONFLICT (day, categoryId, assigneeId) DO UPDATE SET filed = filed + excluded.filed,
                      answered = answered + excluded.answered, finished = finished + excluded.finished;
                    CREATE TRIGGER ticketDayRollup_afterInsert AFTER INSERT ON ticket BEGIN
                      INSERT INTO ticketDayRollup (day, categoryId, assigneeId, filed, answered, finished)
                    SELECT day, categoryId, assigneeId, SUM(filed), SUM(answered), SUM(finished) FROM (SELECT substr(NEW.createdAt, 1, 10) AS day, coalesce(NEW.categoryId, '') AS categoryId, coalesce(NEW.assigneeId, 0) AS assigneeId, 1 AS filed, 0 AS answered, 0 AS finished
                    UNION ALL
                    SELECT substr(max(NEW.createdAt, coalesce(min(NEW.firstResponseAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt)), NEW.firstResponseAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt))), 1, 10), coalesce(NEW.categoryId, '') AS categoryId, coalesce(NEW.assigneeId, 0) AS assigneeId, 0, 1, 0 WHERE coalesce(min(NEW.firstResponseAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt)), NEW.firstResponseAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt)) IS NOT NULL
                    UNION ALL
                    SELECT substr(max(NEW.createdAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt)), 1, 10), coalesce(NEW.categoryId, '') AS categoryId, coalesce(NEW.assigneeId, 0) AS assigneeId, 0, 0, 1 WHERE coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt) IS NOT NULL) WHERE true
                    GROUP BY day, categoryId, assigneeId HAVING SUM(filed) <> 0 OR SUM(answered) <> 0 OR SUM(finished) <> 0
                    ON CONFLICT (day, categoryId, assigneeId) DO UPDATE SET filed = filed + excluded.filed,
                      answered = answered + excluded.answered, finished = finished + excluded.finished;
                    END;
                    CREATE TRIGGER ticketDayRollup_afterUpdate AFTER UPDATE OF createdAt, firstResponseAt, resolvedAt, closedAt, assigneeId, categoryId ON ticket
                    WHEN OLD.createdAt IS NOT NEW.createdAt OR OLD.firstResponseAt IS NOT NEW.firstResponseAt OR OLD.resolvedAt IS NOT NEW.resolvedAt OR OLD.closedAt IS NOT NEW.closedAt OR OLD.assigneeId IS NOT NEW.assigneeId OR OLD.categoryId IS NOT NEW.categoryId BEGIN
                      INSERT INTO ticketDayRollup (day, categoryId, assigneeId, filed, answered, finished)
                    SELECT day, categoryId, assigneeId, SUM(filed), SUM(answered), SUM(finished) FROM (SELECT substr(OLD.createdAt, 1, 10) AS day, coalesce(OLD.categoryId, '') AS categoryId, coalesce(OLD.assigneeId, 0) AS assigneeId, -1 AS filed, 0 AS answered, 0 AS finished
                    UNION ALL
                    SELECT substr(max(OLD.createdAt, coalesce(min(OLD.firstResponseAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt)), OLD.firstResponseAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt))), 1, 10), coalesce(OLD.categoryId, '') AS categoryId, coalesce(OLD.assigneeId, 0) AS assigneeId, 0, -1, 0 WHERE coalesce(min(OLD.firstResponseAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt)), OLD.firstResponseAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt)) IS NOT NULL
                    UNION ALL
                    SELECT substr(max(OLD.createdAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt)), 1, 10), coalesce(OLD.categoryId, '') AS categoryId, coalesce(OLD.assigneeId, 0) AS assigneeId, 0, 0, -1 WHERE coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt) IS NOT NULL
                    UNION ALL
                    SELECT substr(NEW.createdAt, 1, 10) AS day, coalesce(NEW.categoryId, '') AS categoryId, coalesce(NEW.assigneeId, 0) AS assigneeId, 1 AS filed, 0 AS answered, 0 AS finished
                    UNION ALL
                    SELECT substr(max(NEW.createdAt, coalesce(min(NEW.firstResponseAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt)), NEW.firstResponseAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt))), 1, 10), coalesce(NEW.categoryId, '') AS categoryId, coalesce(NEW.assigneeId, 0) AS assigneeId, 0, 1, 0 WHERE coalesce(min(NEW.firstResponseAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt)), NEW.firstResponseAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt)) IS NOT NULL
                    UNION ALL
                    SELECT substr(max(NEW.createdAt, coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt)), 1, 10), coalesce(NEW.categoryId, '') AS categoryId, coalesce(NEW.assigneeId, 0) AS assigneeId, 0, 0, 1 WHERE coalesce(min(NEW.resolvedAt, NEW.closedAt), NEW.resolvedAt, NEW.closedAt) IS NOT NULL) WHERE true
                    GROUP BY day, categoryId, assigneeId HAVING SUM(filed) <> 0 OR SUM(answered) <> 0 OR SUM(finished) <> 0
                    ON CONFLICT (day, categoryId, assigneeId) DO UPDATE SET filed = filed + excluded.filed,
                      answered = answered + excluded.answered, finished = finished + excluded.finished;
                    END;
                    CREATE TRIGGER ticketDayRollup_afterDelete AFTER DELETE ON ticket BEGIN
                      INSERT INTO ticketDayRollup (day, categoryId, assigneeId, filed, answered, finished)
                    SELECT day, categoryId, assigneeId, SUM(filed), SUM(answered), SUM(finished) FROM (SELECT substr(OLD.createdAt, 1, 10) AS day, coalesce(OLD.categoryId, '') AS categoryId, coalesce(OLD.assigneeId, 0) AS assigneeId, -1 AS filed, 0 AS answered, 0 AS finished
                    UNION ALL
                    SELECT substr(max(OLD.createdAt, coalesce(min(OLD.firstResponseAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt)), OLD.firstResponseAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt))), 1, 10), coalesce(OLD.categoryId, '') AS categoryId, coalesce(OLD.assigneeId, 0) AS assigneeId, 0, -1, 0 WHERE coalesce(min(OLD.firstResponseAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt)), OLD.firstResponseAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt)) IS NOT NULL
                    UNION ALL
                    SELECT substr(max(OLD.createdAt, coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt)), 1, 10), coalesce(OLD.categoryId, '') AS categoryId, coalesce(OLD.assigneeId, 0) AS assigneeId, 0, 0, -1 WHERE coalesce(min(OLD.resolvedAt, OLD.closedAt), OLD.resolvedAt, OLD.closedAt) IS NOT NULL) WHERE true
                    GROUP BY day, categoryId, assigneeId HAVING SUM(filed) <> 0 OR SUM(answered) <> 0 OR SUM(finished) <> 0
                    ON CONFLICT (day, categoryId, assigneeId) DO UPDATE SET filed = filed + excluded.filed,
                      answered = answered + excluded.answered, finished = finished + excluded.finished;
                    END;
                    """
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
        return migrator
    }
}

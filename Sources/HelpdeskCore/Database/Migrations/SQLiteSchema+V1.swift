// The first release's SQLite schema, frozen: see `AppDatabase.migrator`.
extension SQLiteSchema {
    /// Migration `v1`: categories, users, tokens, sessions, the outbox, SLA policies with their defaults, tickets,
    /// messages, audit, solutions and their links, deflections and the change log the search index follows.
    static let v1 = """
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
}

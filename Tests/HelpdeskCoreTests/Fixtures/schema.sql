-- migrations: v1, v5-reports, v5-identity, v6-ticket-day-rollup, v6-agents-report-index, v7-activity-customer-activity-and-views, v7-customers-aggregates, v7-first-admin-password, v8-attachments, v9-outbox-claims, v10-resolved-assignee-index, v11-open-tickets-index, v12-mail-replies

-- index apiToken_on_userId
CREATE INDEX "apiToken_on_userId" ON "apiToken"("userId");

-- index attachment_on_messageId
CREATE INDEX "attachment_on_messageId" ON "attachment"("messageId");

-- index attachment_on_sha256
CREATE INDEX "attachment_on_sha256" ON "attachment"("sha256");

-- index attachment_on_ticketId
CREATE INDEX "attachment_on_ticketId" ON "attachment"("ticketId");

-- index auditEntry_on_actorId
CREATE INDEX "auditEntry_on_actorId" ON "auditEntry"("actorId");

-- index auditEntry_on_entity_entityId
CREATE INDEX "auditEntry_on_entity_entityId" ON "auditEntry"("entity", "entityId");

-- index auditEntry_on_ticketId
CREATE INDEX "auditEntry_on_ticketId" ON "auditEntry"("ticketId");

-- index deflection_on_at
CREATE INDEX "deflection_on_at" ON "deflection"("at");

-- index deflection_on_solutionId
CREATE INDEX "deflection_on_solutionId" ON "deflection"("solutionId");

-- index deflection_on_userId
CREATE INDEX "deflection_on_userId" ON "deflection"("userId");

-- index identity_on_userId
CREATE INDEX "identity_on_userId" ON "identity"("userId");

-- index inboundMail_on_ticketId
CREATE INDEX "inboundMail_on_ticketId" ON "inboundMail"("ticketId");

-- index oneTimeToken_on_userId
CREATE INDEX "oneTimeToken_on_userId" ON "oneTimeToken"("userId");

-- index outboxMail_on_sentAt
CREATE INDEX "outboxMail_on_sentAt" ON "outboxMail"("sentAt");

-- index session_on_expiresAt
CREATE INDEX "session_on_expiresAt" ON "session"("expiresAt");

-- index session_on_userId
CREATE INDEX "session_on_userId" ON "session"("userId");

-- index solution_on_authorId
CREATE INDEX "solution_on_authorId" ON "solution"("authorId");

-- index solution_on_categoryId
CREATE INDEX "solution_on_categoryId" ON "solution"("categoryId");

-- index solution_on_previousVersionId
CREATE INDEX "solution_on_previousVersionId" ON "solution"("previousVersionId");

-- index solution_on_supersededById
CREATE INDEX "solution_on_supersededById" ON "solution"("supersededById");

-- index suggestionEvent_on_at
CREATE INDEX "suggestionEvent_on_at" ON "suggestionEvent"("at");

-- index suggestionEvent_on_solutionId
CREATE INDEX "suggestionEvent_on_solutionId" ON "suggestionEvent"("solutionId");

-- index ticketMessage_on_authorId
CREATE INDEX "ticketMessage_on_authorId" ON "ticketMessage"("authorId");

-- index ticketMessage_on_authorId_createdAt
CREATE INDEX "ticketMessage_on_authorId_createdAt" ON "ticketMessage"("authorId", "createdAt");

-- index ticketMessage_on_mergedFromTicketId
CREATE INDEX "ticketMessage_on_mergedFromTicketId" ON "ticketMessage"("mergedFromTicketId");

-- index ticketMessage_on_ticketId
CREATE INDEX "ticketMessage_on_ticketId" ON "ticketMessage"("ticketId");

-- index ticketSolution_on_linkedAt
CREATE INDEX "ticketSolution_on_linkedAt" ON "ticketSolution"("linkedAt");

-- index ticketSolution_on_solutionId
CREATE INDEX "ticketSolution_on_solutionId" ON "ticketSolution"("solutionId");

-- index ticketSolution_on_ticketId
CREATE INDEX "ticketSolution_on_ticketId" ON "ticketSolution"("ticketId");

-- index ticketSolution_on_verdictAt
CREATE INDEX "ticketSolution_on_verdictAt" ON "ticketSolution"("verdictAt");

-- index ticketView_on_ticketId
CREATE INDEX "ticketView_on_ticketId" ON "ticketView"("ticketId");

-- index ticketView_on_userId
CREATE INDEX "ticketView_on_userId" ON "ticketView"("userId");

-- index ticket_on_assigneeId
CREATE INDEX "ticket_on_assigneeId" ON "ticket"("assigneeId");

-- index ticket_on_assigneeId_createdAt
CREATE INDEX "ticket_on_assigneeId_createdAt" ON "ticket"("assigneeId", "createdAt");

-- index ticket_on_assigneeId_lastCustomerActivityAt
CREATE INDEX "ticket_on_assigneeId_lastCustomerActivityAt" ON "ticket"("assigneeId", "lastCustomerActivityAt");

-- index ticket_on_assigneeId_resolvedAt
CREATE INDEX "ticket_on_assigneeId_resolvedAt" ON "ticket"("assigneeId", "resolvedAt");

-- index ticket_on_categoryId
CREATE INDEX "ticket_on_categoryId" ON "ticket"("categoryId");

-- index ticket_on_categoryId_createdAt
CREATE INDEX "ticket_on_categoryId_createdAt" ON "ticket"("categoryId", "createdAt");

-- index ticket_on_categoryId_resolvedAt
CREATE INDEX "ticket_on_categoryId_resolvedAt" ON "ticket"("categoryId", "resolvedAt", "assigneeId");

-- index ticket_on_closedAt
CREATE INDEX "ticket_on_closedAt" ON "ticket"("closedAt");

-- index ticket_on_createdAt_reporting
CREATE INDEX "ticket_on_createdAt_reporting" ON "ticket"("createdAt", "categoryId", "assigneeId", "priority", "status", "firstResponseAt", "resolvedAt", "closedAt", "firstResponseDueAt", "resolutionDueAt");

-- index ticket_on_customerId
CREATE INDEX "ticket_on_customerId" ON "ticket"("customerId");

-- index ticket_on_customerId_status_updatedAt
CREATE INDEX "ticket_on_customerId_status_updatedAt" ON "ticket"("customerId", "status", "updatedAt");

-- index ticket_on_firstResponseDueAt
CREATE INDEX "ticket_on_firstResponseDueAt" ON "ticket"("firstResponseDueAt");

-- index ticket_on_mergedIntoId
CREATE INDEX "ticket_on_mergedIntoId" ON "ticket"("mergedIntoId");

-- index ticket_on_resolutionDueAt
CREATE INDEX "ticket_on_resolutionDueAt" ON "ticket"("resolutionDueAt");

-- index ticket_on_resolvedAt_assigneeId
CREATE INDEX "ticket_on_resolvedAt_assigneeId" ON "ticket"("resolvedAt", "assigneeId");

-- index ticket_on_status
CREATE INDEX "ticket_on_status" ON "ticket"("status");

-- index ticket_on_updatedAt
CREATE INDEX "ticket_on_updatedAt" ON "ticket"("updatedAt");

-- index ticket_open_on_assigneeId
CREATE INDEX "ticket_open_on_assigneeId" ON "ticket"("assigneeId")
WHERE "status" IN ('new', 'assigned', 'inProgress', 'waitingOnCustomer');

-- index user_on_role
CREATE INDEX "user_on_role" ON "user"("role");

-- table apiToken
CREATE TABLE "apiToken" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "userId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE, "name" TEXT NOT NULL, "tokenHash" TEXT NOT NULL UNIQUE, "createdAt" DATETIME NOT NULL, "lastUsedAt" DATETIME, "revokedAt" DATETIME);

-- table attachment
CREATE TABLE "attachment" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "messageId" INTEGER REFERENCES "ticketMessage"("id") ON DELETE CASCADE, "sha256" TEXT NOT NULL, "fileName" TEXT NOT NULL, "contentType" TEXT NOT NULL, "size" INTEGER NOT NULL CHECK ("size" > 0), "createdAt" DATETIME NOT NULL);

-- table auditEntry
CREATE TABLE "auditEntry" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "entity" TEXT NOT NULL, "entityId" TEXT NOT NULL, "ticketId" INTEGER REFERENCES "ticket"("id") ON DELETE SET NULL, "actorId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "at" DATETIME NOT NULL, "action" TEXT NOT NULL, "field" TEXT, "before" TEXT, "after" TEXT);

-- table category
CREATE TABLE "category" ("id" TEXT PRIMARY KEY NOT NULL, "name" TEXT NOT NULL, "description" TEXT NOT NULL DEFAULT '');

-- table changeLog
CREATE TABLE "changeLog" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "entity" TEXT NOT NULL, "entityId" INTEGER NOT NULL, "at" DATETIME NOT NULL);

-- table deflection
CREATE TABLE "deflection" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "solutionId" INTEGER NOT NULL REFERENCES "solution"("id") ON DELETE CASCADE, "query" TEXT NOT NULL, "userId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "at" DATETIME NOT NULL);

-- table grdb_migrations
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);

-- table identity
CREATE TABLE "identity" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "provider" TEXT NOT NULL, "subject" TEXT NOT NULL, "userId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE, "email" TEXT NOT NULL, "linkedAt" DATETIME NOT NULL, "lastSignInAt" DATETIME NOT NULL, UNIQUE ("provider", "subject"));

-- table inboundMail
CREATE TABLE "inboundMail" ("messageId" TEXT PRIMARY KEY NOT NULL, "ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "ticketMessageId" INTEGER REFERENCES "ticketMessage"("id") ON DELETE SET NULL, "receivedAt" DATETIME NOT NULL);

-- table installationSecret
CREATE TABLE "installationSecret" ("name" TEXT PRIMARY KEY NOT NULL, "value" TEXT NOT NULL, "createdAt" DATETIME NOT NULL);

-- table oneTimeToken
CREATE TABLE "oneTimeToken" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "userId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE, "purpose" TEXT NOT NULL, "tokenHash" TEXT NOT NULL UNIQUE, "ticketId" INTEGER, "createdAt" DATETIME NOT NULL, "expiresAt" DATETIME NOT NULL, "usedAt" DATETIME);

-- table outboxMail
CREATE TABLE "outboxMail" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "kind" TEXT NOT NULL, "recipient" TEXT NOT NULL, "subject" TEXT NOT NULL, "body" TEXT NOT NULL, "payload" TEXT NOT NULL DEFAULT '{}', "createdAt" DATETIME NOT NULL, "sentAt" DATETIME, "attempts" INTEGER NOT NULL DEFAULT 0, "lastError" TEXT, "claimedBy" TEXT, "claimedUntil" DATETIME);

-- table session
CREATE TABLE "session" ("id" TEXT PRIMARY KEY NOT NULL, "userId" INTEGER REFERENCES "user"("id") ON DELETE CASCADE, "data" BLOB NOT NULL, "expiresAt" DATETIME NOT NULL);

-- table slaPolicy
CREATE TABLE "slaPolicy" ("priority" TEXT PRIMARY KEY NOT NULL, "firstResponseMinutes" INTEGER NOT NULL CHECK ("firstResponseMinutes" > 0), "resolutionMinutes" INTEGER NOT NULL CHECK ("resolutionMinutes" > 0));

-- table solution
CREATE TABLE "solution" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "externalId" TEXT UNIQUE, "title" TEXT NOT NULL, "steps" TEXT NOT NULL, "categoryId" TEXT REFERENCES "category"("id") ON DELETE SET NULL, "authorId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL, "isPublished" BOOLEAN NOT NULL DEFAULT 1, "previousVersionId" INTEGER REFERENCES "solution"("id") ON DELETE SET NULL, "supersededById" INTEGER REFERENCES "solution"("id") ON DELETE SET NULL, "reuseCount" INTEGER NOT NULL DEFAULT 0, "solvedCount" INTEGER NOT NULL DEFAULT 0, "notSolvedCount" INTEGER NOT NULL DEFAULT 0);

-- table suggestionEvent
CREATE TABLE "suggestionEvent" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "kind" TEXT NOT NULL, "solutionId" INTEGER REFERENCES "solution"("id") ON DELETE CASCADE, "count" INTEGER NOT NULL DEFAULT 1, "at" DATETIME NOT NULL);

-- table ticket
CREATE TABLE "ticket" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "externalId" TEXT UNIQUE, "customerId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE RESTRICT, "subject" TEXT NOT NULL, "description" TEXT NOT NULL, "categoryId" TEXT REFERENCES "category"("id") ON DELETE SET NULL, "priority" TEXT NOT NULL, "status" TEXT NOT NULL, "assigneeId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL, "firstResponseAt" DATETIME, "resolvedAt" DATETIME, "closedAt" DATETIME, "firstResponseDueAt" DATETIME NOT NULL, "resolutionDueAt" DATETIME NOT NULL, "mergedIntoId" INTEGER REFERENCES "ticket"("id") ON DELETE SET NULL, "firstResponseWarnedAt" DATETIME, "resolutionWarnedAt" DATETIME, "lastCustomerActivityAt" DATETIME, "lastCustomerAction" TEXT);

-- table ticketDayRollup
CREATE TABLE "ticketDayRollup" ("day" TEXT NOT NULL, "categoryId" TEXT NOT NULL, "assigneeId" INTEGER NOT NULL, "filed" INTEGER NOT NULL, "answered" INTEGER NOT NULL, "finished" INTEGER NOT NULL, PRIMARY KEY ("day", "categoryId", "assigneeId")) WITHOUT ROWID;

-- table ticketMessage
CREATE TABLE "ticketMessage" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "authorId" INTEGER REFERENCES "user"("id") ON DELETE SET NULL, "kind" TEXT NOT NULL, "body" TEXT NOT NULL, "createdAt" DATETIME NOT NULL, "mergedFromTicketId" INTEGER REFERENCES "ticket"("id") ON DELETE SET NULL);

-- table ticketSolution
CREATE TABLE "ticketSolution" ("ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "solutionId" INTEGER NOT NULL REFERENCES "solution"("id") ON DELETE CASCADE, "linkedAt" DATETIME NOT NULL, "verdict" TEXT, "verdictAt" DATETIME, PRIMARY KEY ("ticketId", "solutionId"));

-- table ticketView
CREATE TABLE "ticketView" ("ticketId" INTEGER NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE, "userId" INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE, "viewedAt" DATETIME NOT NULL, PRIMARY KEY ("ticketId", "userId"));

-- table user
CREATE TABLE "user" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "externalId" TEXT UNIQUE, "role" TEXT NOT NULL, "name" TEXT NOT NULL, "email" TEXT NOT NULL UNIQUE, "passwordHash" TEXT NOT NULL, "isConfirmed" BOOLEAN NOT NULL DEFAULT 0, "isActive" BOOLEAN NOT NULL DEFAULT 1, "skills" TEXT NOT NULL DEFAULT '[]', "capacity" INTEGER NOT NULL DEFAULT 0, "createdAt" DATETIME NOT NULL, "mustChangePassword" BOOLEAN NOT NULL DEFAULT 0);

-- trigger ticketDayRollup_afterDelete
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

-- trigger ticketDayRollup_afterInsert
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

-- trigger ticketDayRollup_afterUpdate
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

// The reports' SQLite schema, frozen: see `AppDatabase.migrator`.
extension SQLiteSchema {
    /// Migration `v5-reports`: indexes covering what the reports read, and the suggestion events.
    static let v5Reports = """
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

    /// Migration `v6-ticket-day-rollup`: the backlog's daily roll-up, back-filled, and the triggers that keep it exact.
    static let v6TicketDayRollup = """
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
}

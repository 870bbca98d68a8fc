import Foundation

// Temporary: SQL-layer forms of helpers whose files are being ported at the same time.
extension AppDatabase {
    static func openTicketCounts(_ sql: any SQLExecutor) throws -> [Int64: Int] {
        let rows = try sql.rows(
            "SELECT assigneeId, COUNT(*) AS n FROM ticket WHERE assigneeId IS NOT NULL AND status IN (?, ?, ?, ?) GROUP BY assigneeId",
            TicketStatus.open.map { .text($0.rawValue) })
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.int64("assigneeId"), try $0.int("n")) })
    }
}

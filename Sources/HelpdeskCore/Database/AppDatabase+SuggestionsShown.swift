import Foundation
import Synchronization

/// Suggestion lists shown and not yet written, by minute: the figure of the reports is a sum, so one row per minute
/// keeps it exact while a busy help centre writes a few rows a minute instead of one per keystroke.
struct PendingSuggestionsShown: Sendable {
    /// Per minute since 1970: when the first list of that minute was shown, and how many suggestions in all.
    var minutes: [Int64: (first: Date, count: Int)] = [:]

    /// Adds `count` suggestions shown at `at`.
    mutating func add(_ count: Int, at: Date) {
        let minute = Int64((at.timeIntervalSince1970 / 60).rounded(.down))
        let pending = minutes[minute]
        minutes[minute] = (pending?.first ?? at, (pending?.count ?? 0) + count)
    }
}

extension AppDatabase {
    /// Counts suggestions shown (a list of `count`) in memory, for the click-through figure of the reports; nothing is
    /// written until `flushSuggestionsShown()`, which the server runs every few seconds and on a clean shutdown, and
    /// which the self-service report runs before it reads. A crash loses what was counted since the last flush (at most
    /// one maintenance tick of "shown" counts; "opened" events are written at once).
    /// - Complexity: O(1), one short lock; no I/O.
    public func countSuggestionsShown(_ count: Int) {
        guard count > 0 else { return }
        let at = now()
        pendingShown.withLock { $0.add(count, at: at) }
    }

    /// Writes the suggestions counted by `countSuggestionsShown(_:)` as one `shown` event per minute in which they were
    /// shown, in one transaction; when the write fails the counts are kept for the next flush.
    /// - Returns: the number of suggestions written.
    @discardableResult
    public func flushSuggestionsShown() async throws -> Int {
        let taken = pendingShown.withLock { pending in
            defer { pending = PendingSuggestionsShown() }
            return pending
        }
        guard !taken.minutes.isEmpty else { return 0 }
        do {
            try await sqlWrite { sql in
                for (_, minute) in taken.minutes.sorted(by: { $0.key < $1.key }) {
                    try sql.insert(
                        SuggestionEvent(id: nil, kind: .shown, solutionId: nil, count: minute.count, at: minute.first))
                }
            }
        } catch {
            pendingShown.withLock { pending in
                for (_, minute) in taken.minutes { pending.add(minute.count, at: minute.first) }
            }
            throw error
        }
        return taken.minutes.values.reduce(0) { $0 + $1.count }
    }
}

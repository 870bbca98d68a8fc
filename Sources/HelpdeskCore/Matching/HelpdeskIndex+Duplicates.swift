import Foundation

/// Duplicate detection when a ticket is filed: the open tickets that look like the same problem.
///
/// A customer who writes again about a problem already open (because no answer came yet, or from another address of
/// habit) splits one conversation into two, and two agents may answer it twice. So the new-request form tells the
/// customer "this looks like your request #12, still open" while they type, and the agent's ticket page lists the open
/// tickets that look like the one opened, with whose they are.
///
/// What a viewer is shown goes through the one visibility rule: a customer sees only their own tickets, never that
/// another customer has an open ticket about the same thing (NFR-2); staff see everyone's.
extension HelpdeskIndex {
    /// The least strength at which an open ticket is called a possible duplicate: words fused with meaning at
    /// `defaultTicketMeaningWeight`, as similar tickets are matched, or the words' alone without a model. Chosen by
    /// `care eval duplicates` across `Corpus/eval` and SemEval's "perfect match" questions: the lowest floor at which
    /// at most 5 % of the texts without a duplicate are flagged on each set (`DuplicateCalibration`).
    public static func duplicateFloor(meaning: Bool) -> Double { meaning ? 0.44 : 0.39 }

    /// The most possible duplicates one request lists.
    public static let maximumDuplicates = 5

    /// Open tickets that `viewer` may see and that look like the same problem as `subject` and `description`, best
    /// first, each at least `duplicateFloor(meaning:)` strong.
    /// - Parameters:
    ///   - excluding: the ticket the text is from, when it is already filed.
    ///   - k: at most this many (bounded by `maximumDuplicates`).
    public func possibleDuplicates(
        subject: String,
        description: String,
        excluding ticketId: Int64? = nil,
        k: Int = maximumDuplicates,
        for viewer: User,
        in database: AppDatabase
    ) async throws -> [TicketMatch] {
        let k = min(max(k, 0), Self.maximumDuplicates)
        let text = Self.complaintQuery(subject: subject, description: description)
        guard k > 0, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        // A customer may see only their own tickets, and everyone's open tickets come first in the index: read deep,
        // so that theirs are found wherever they rank among all.
        let depth = viewer.role == .customer ? Self.maximumTicketResults : (k + 1) * 10
        let matches = try await searchTickets(
            text, bucket: "open", k: depth, meaningWeight: Self.defaultTicketMeaningWeight, depth: depth,
            for: viewer, in: database)
        let floor = Self.duplicateFloor(meaning: embeddings != nil)
        return Array(matches.lazy.filter { $0.ticket.id != ticketId && $0.strength >= floor }.prefix(k))
    }
}

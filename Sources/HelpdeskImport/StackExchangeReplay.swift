import Foundation
import HelpdeskCore

/// One question of a Stack Exchange dump with its accepted answer, as the records the importer would write, for
/// replaying a site in time order (`care eval stackexchange`).
public struct StackExchangeThread: Sendable {
    /// The question's post id.
    public var questionId: Int
    /// When it was asked.
    public var createdAt: Date
    /// Who asked it (nil for deleted users).
    public var askerId: Int?
    /// Who wrote the accepted answer (nil when there is none or the user was deleted).
    public var answererId: Int?
    /// The question as a ticket.
    public var ticket: TicketRecord
    /// The accepted answer as a solution resolving the ticket.
    public var solution: SolutionRecord?
    /// Where the question was read.
    public var source: InputLocation
    /// The ticket and its solution, in the order they must be written.
    public var records: [ImportRecord] {
        [ImportRecord(.ticket(ticket), source: source)] + (solution.map { [ImportRecord(.solution($0), source: source)] } ?? [])
    }
}

/// A whole dump held in memory: every question in creation order, and the links between questions.
public struct StackExchangeReplay: Sendable {
    /// Every question, oldest first (ties by post id).
    public var threads: [StackExchangeThread]
    /// For each question, the questions linked to it as duplicates or related (`PostLinks.xml`, both directions).
    public var links: [Int: Set<Int>]

    /// Reads `Posts.xml` (and `PostLinks.xml` when present) of `importer`'s folder. Meant for dumps that fit in
    /// memory (evaluation sites), unlike the streaming import.
    /// - Throws: `ImportError` naming file, line and attribute.
    public init(_ importer: StackExchangeImporter) throws {
        let reader = try XMLRowReader(
            path: importer.path("Posts.xml"),
            attributes: [
                "Id", "PostTypeId", "AcceptedAnswerId", "ParentId", "OwnerUserId", "OwnerDisplayName", "CreationDate",
                "ClosedDate", "LastActivityDate", "Title", "Body", "Tags",
            ])
        var questions: [Int: (thread: StackExchangeThread, accepted: Int?)] = [:]
        var answers: [Int: (record: SolutionRecord, questionId: Int, owner: Int?)] = [:]
        while let row = try reader.next() {
            let location = reader.location
            let id = try StackExchangeImporter.int(row, "Id", at: location, required: true)!
            let type = try StackExchangeImporter.int(row, "PostTypeId", at: location, required: true)!
            let owner = try StackExchangeImporter.int(row, "OwnerUserId", at: location)
            if type == 1 {
                let ticket = try importer.ticketRecord(row, id: id, owner: owner, at: location)
                let thread = StackExchangeThread(
                    questionId: id, createdAt: ticket.createdAt, askerId: owner, answererId: nil, ticket: ticket,
                    solution: nil, source: location)
                questions[id] = (thread, try StackExchangeImporter.int(row, "AcceptedAnswerId", at: location))
            } else if type == 2 {
                let (record, questionId) = try importer.solutionRecord(row, id: id, owner: owner, at: location)
                answers[id] = (record, questionId, owner)
            }
        }
        var threads: [StackExchangeThread] = []
        threads.reserveCapacity(questions.count)
        for (_, entry) in questions {
            var thread = entry.thread
            if let accepted = entry.accepted, let answer = answers[accepted], answer.questionId == thread.questionId {
                thread.solution = answer.record
                thread.answererId = answer.owner
            }
            threads.append(thread)
        }
        threads.sort { ($0.createdAt, $0.questionId) < ($1.createdAt, $1.questionId) }
        self.threads = threads

        var links: [Int: Set<Int>] = [:]
        let linksFile = importer.path("PostLinks.xml")
        if FileManager.default.fileExists(atPath: linksFile) {
            let linkReader = try XMLRowReader(path: linksFile, attributes: ["PostId", "RelatedPostId", "LinkTypeId"])
            while let row = try linkReader.next() {
                let location = linkReader.location
                let a = try StackExchangeImporter.int(row, "PostId", at: location, required: true)!
                let b = try StackExchangeImporter.int(row, "RelatedPostId", at: location, required: true)!
                // 1 = linked (related), 3 = duplicate.
                guard a != b, questions[a] != nil, questions[b] != nil else { continue }
                links[a, default: []].insert(b)
                links[b, default: []].insert(a)
            }
        }
        self.links = links
    }
}

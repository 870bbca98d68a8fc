import Foundation
import HelpdeskCore

/// Imports a Stack Exchange data dump folder (`Posts.xml`, and `Users.xml` when present) with libxml2's streaming
/// reader, so memory stays flat however large the dump is (the only state is a few bitsets over post and user ids).
///
/// - Questions (`PostTypeId="1"`) become resolved tickets: subject = `Title`, description = `Body` as text,
///   category = the first tag, customer = the asker (`se:SITE:customer:ID`).
/// - The accepted answer of each question becomes a stored solution (title and category of its question, steps =
///   the answer's paragraphs), authored by the answering user as an agent (`se:SITE:agent:ID`, named from
///   `Users.xml`), linked to the ticket with the verdict `solved`, and added to the ticket's thread as the agent's
///   reply; the ticket is assigned to that agent and resolved at the answer's time.
/// - Posts are keyed `se:SITE:ID`, so importing again adds nothing.
///
/// Three streaming passes: Posts.xml is scanned first (well-formedness, duplicate ids, which answers are accepted,
/// which users are needed) so that a malformed file is refused before anything is written; then Users.xml creates the
/// needed accounts; then Posts.xml is imported in batches.
public struct StackExchangeImporter: Sendable {
    /// The dump folder.
    public let directory: String
    /// The site name in external ids (`cardano`).
    public let site: String
    /// Import at most this many questions (in file order), and the accepted answers of those.
    public let limit: Int?
    /// Batch size and progress.
    public let options: ImportOptions

    /// Creates an importer.
    /// - Parameters:
    ///   - site: defaults to the folder name without a `stackexchange-` prefix or `.stackexchange.com` suffix.
    public init(directory: String, site: String? = nil, limit: Int? = nil, options: ImportOptions = ImportOptions()) {
        self.directory = directory
        self.site = site ?? Self.siteName(fromFolder: directory)
        self.limit = limit
        self.options = options
    }

    /// `stackexchange-cardano` → `cardano`, `cardano.stackexchange.com` → `cardano`.
    public static func siteName(fromFolder path: String) -> String {
        var name = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent.lowercased()
        for prefix in ["stackexchange-", "stackexchange_", "se-"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        for suffix in [".stackexchange.com", ".com", ".net"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        let cleaned = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" }
        return cleaned.isEmpty ? "site" : String(cleaned)
    }

    /// The first tag of `<a><b>` (older dumps) or `|a|b|` (newer ones).
    public static func firstTag(_ tags: String) -> String? {
        let separators: Set<Character> = ["<", ">", "|"]
        return tags.split(whereSeparator: { separators.contains($0) }).first.map(String.init)
    }

    /// What the scan of Posts.xml learnt.
    struct Scan {
        var acceptedAnswers = Bitset()
        var askers = Bitset()
        var answerers = Bitset()
        var questions = 0
        var accepted = 0
    }

    func customerRecord(_ userId: Int?, name: String?) -> CustomerRecord {
        let key = userId.map(String.init) ?? "anonymous"
        let display = name?.trimmingCharacters(in: .whitespaces) ?? ""
        return CustomerRecord(
            externalId: "se:\(site):customer:\(key)",
            name: display.isEmpty ? (userId.map { "Stack Exchange user \($0)" } ?? "Anonymous") : display,
            email: "customer.\(key)@\(site).se.example")
    }

    func agentRecord(_ userId: Int?, name: String?) -> AgentRecord {
        let key = userId.map(String.init) ?? "anonymous"
        let display = name?.trimmingCharacters(in: .whitespaces) ?? ""
        return AgentRecord(
            externalId: "se:\(site):agent:\(key)",
            name: display.isEmpty ? (userId.map { "Stack Exchange user \($0)" } ?? "Anonymous") : display,
            email: "agent.\(key)@\(site).se.example", skills: [], capacity: 10)
    }

    static func int(_ row: [String: String], _ field: String, at location: InputLocation, required: Bool = false) throws -> Int? {
        guard let text = row[field] else {
            if required { throw ImportError(location, field: field, "missing") }
            return nil
        }
        guard let value = Int(text) else { throw ImportError(location, field: field, "expected an integer, found \"\(text)\"") }
        return value
    }

    static func date(_ row: [String: String], _ field: String, at location: InputLocation, required: Bool = false) throws -> Date? {
        guard let text = row[field] else {
            if required { throw ImportError(location, field: field, "missing") }
            return nil
        }
        guard let value = ISODate.parse(text) else {
            throw ImportError(location, field: field, "not an ISO-8601 timestamp: \"\(text)\"")
        }
        return value
    }

    func path(_ file: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(file).path }

    /// Runs the three passes.
    /// - Throws: `ImportError` with the file, line and column (and attribute) of the first problem.
    @discardableResult
    public func run(into database: AppDatabase) throws -> ImportSummary {
        let scan = try scanPosts()
        var summary = ImportSummary()
        summary.add(try importUsers(scan, into: database))
        summary.add(try importPosts(scan, into: database))
        return summary
    }

    /// Pass 1: checks Posts.xml and learns which answers are accepted and whose accounts are needed.
    func scanPosts() throws -> Scan {
        let reader = try XMLRowReader(
            path: path("Posts.xml"), attributes: ["Id", "PostTypeId", "AcceptedAnswerId", "ParentId", "OwnerUserId"])
        var scan = Scan()
        var ids = Bitset()
        var rows = 0
        let phase = "scanning \(reader.name)"
        while let row = try reader.next() {
            let location = reader.location
            let id = try Self.int(row, "Id", at: location, required: true)!
            guard ids.insert(id) else { throw ImportError(location, field: "Id", "duplicate post id \(id)") }
            let type = try Self.int(row, "PostTypeId", at: location, required: true)!
            let owner = try Self.int(row, "OwnerUserId", at: location)
            if type == 1 {
                if let limit, scan.questions >= limit { continue }
                scan.questions += 1
                if let owner { scan.askers.insert(owner) }
                if let accepted = try Self.int(row, "AcceptedAnswerId", at: location) {
                    scan.acceptedAnswers.insert(accepted)
                    scan.accepted += 1
                }
            } else if type == 2, scan.acceptedAnswers.contains(id) {
                _ = try Self.int(row, "ParentId", at: location, required: true)
                if let owner { scan.answerers.insert(owner) }
            }
            rows += 1
            if rows % 5000 == 0 {
                options.progress?(
                    ImportProgress(
                        phase: phase, rows: rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes,
                        summary: ImportSummary()))
            }
        }
        options.progress?(
            ImportProgress(
                phase: phase, rows: rows, bytesRead: reader.totalBytes, totalBytes: reader.totalBytes,
                summary: ImportSummary(), isFinal: true))
        return scan
    }

    /// Pass 2: creates the askers' customer accounts and the answerers' agent accounts named in Users.xml.
    func importUsers(_ scan: Scan, into database: AppDatabase) throws -> ImportSummary {
        let file = path("Users.xml")
        guard FileManager.default.fileExists(atPath: file) else { return ImportSummary() }
        let reader = try XMLRowReader(path: file, attributes: ["Id", "DisplayName"])
        var batcher = RecordBatcher(database: database, options: options, label: "\(site) Users.xml")
        batcher.phase = "reading \(reader.name)"
        var rows = 0
        while let row = try reader.next() {
            let location = reader.location
            let id = try Self.int(row, "Id", at: location, required: true)!
            rows += 1
            if scan.askers.contains(id) {
                try batcher.add(
                    ImportRecord(.customer(customerRecord(id, name: row["DisplayName"])), source: location),
                    rowsRead: rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes)
            }
            if scan.answerers.contains(id) {
                try batcher.add(
                    ImportRecord(.agent(agentRecord(id, name: row["DisplayName"])), source: location),
                    rowsRead: rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes)
            }
        }
        try batcher.flush(rowsRead: rows, bytesRead: reader.totalBytes, totalBytes: reader.totalBytes, isFinal: true)
        var summary = batcher.summary
        summary.rowsRead = 0
        return summary
    }

    /// Pass 3: questions and accepted answers, in batches.
    func importPosts(_ scan: Scan, into database: AppDatabase) throws -> ImportSummary {
        let reader = try XMLRowReader(
            path: path("Posts.xml"),
            attributes: [
                "Id", "PostTypeId", "AcceptedAnswerId", "ParentId", "OwnerUserId", "OwnerDisplayName", "CreationDate",
                "ClosedDate", "LastActivityDate", "Title", "Body", "Tags",
            ])
        var batcher = RecordBatcher(database: database, options: options, label: "\(site) Posts.xml")
        batcher.phase = "importing \(reader.name)"
        var questions = 0
        var rows = 0
        while let row = try reader.next() {
            let location = reader.location
            let id = try Self.int(row, "Id", at: location, required: true)!
            let type = try Self.int(row, "PostTypeId", at: location, required: true)!
            let owner = try Self.int(row, "OwnerUserId", at: location)
            let value: ImportRecord.Value
            if type == 1 {
                if let limit, questions >= limit { continue }
                questions += 1
                value = .ticket(try ticketRecord(row, id: id, owner: owner, at: location))
            } else if type == 2, scan.acceptedAnswers.contains(id) {
                value = .solution(try solutionRecord(row, id: id, owner: owner, at: location).record)
            } else {
                continue
            }
            rows += 1
            try batcher.add(
                ImportRecord(value, source: location), rowsRead: rows, bytesRead: reader.bytesRead,
                totalBytes: reader.totalBytes)
        }
        try batcher.flush(rowsRead: rows, bytesRead: reader.totalBytes, totalBytes: reader.totalBytes, isFinal: true)
        return batcher.summary
    }

    /// The ticket a question becomes.
    func ticketRecord(_ row: [String: String], id: Int, owner: Int?, at location: InputLocation) throws -> TicketRecord {
        guard let title = row["Title"]?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty else {
            throw ImportError(location, field: "Title", row["Title"] == nil ? "missing" : "empty")
        }
        let createdAt = try Self.date(row, "CreationDate", at: location, required: true)!
        let closed = try Self.date(row, "ClosedDate", at: location)
        let activity = try Self.date(row, "LastActivityDate", at: location)
        return TicketRecord(
            externalId: "se:\(site):\(id)",
            customer: customerRecord(owner, name: row["OwnerDisplayName"]),
            subject: HTMLText.decodeEntities(title),
            description: HTMLText.text(ofHTML: row["Body"] ?? ""),
            categoryId: row["Tags"].flatMap(Self.firstTag),
            priority: .normal,
            status: .resolved,
            createdAt: createdAt,
            resolvedAt: max(createdAt, closed ?? activity ?? createdAt)
        )
    }

    /// The solution an accepted answer becomes, and the id of the question it answers.
    func solutionRecord(
        _ row: [String: String], id: Int, owner: Int?, at location: InputLocation
    ) throws -> (record: SolutionRecord, questionId: Int) {
        let parent = try Self.int(row, "ParentId", at: location, required: true)!
        let createdAt = try Self.date(row, "CreationDate", at: location, required: true)!
        var steps = HTMLText.blocks(ofHTML: row["Body"] ?? "")
        if steps.isEmpty { steps = ["(The accepted answer has no text.)"] }
        let record = SolutionRecord(
            externalId: "se:\(site):\(id)",
            title: "",
            steps: steps,
            author: .createIfMissing(agentRecord(owner, name: row["OwnerDisplayName"])),
            createdAt: createdAt,
            resolves: SolutionRecord.Resolution(
                ticketExternalId: "se:\(site):\(parent)", verdict: .solved,
                reply: steps.joined(separator: "\n\n"), titleFromTicket: true)
        )
        return (record, parent)
    }
}

import Foundation

/// Loads a `Corpus/` folder (categories, agents, solutions, resolved tickets as JSONL) into the database in one
/// transaction. External ids are kept in `externalId` columns, so running it again adds nothing twice.
public struct CorpusLoader: Sendable {
    /// The folder holding the JSONL files.
    public let folder: URL

    /// Creates a loader for `folder`.
    public init(folder: URL) { self.folder = folder }

    /// Creates a loader for the folder at `path`.
    public init(path: String) { self.folder = URL(fileURLWithPath: path) }

    /// Parses and validates every file, then imports them in one transaction.
    /// - Returns: what was added.
    /// - Throws: `CorpusError` naming the file, line and field of the first bad line.
    @discardableResult
    public func load(into database: AppDatabase) async throws -> CorpusSummary {
        let corpus = try parse()
        return try await database.importCorpus(corpus)
    }

    /// Reads and validates the four files without touching the database.
    /// - Throws: `CorpusError`.
    public func parse() throws -> Corpus {
        let categories: [Numbered<Corpus.CategoryLine>] = try readLines("categories.jsonl")
        let agents: [Numbered<Corpus.AgentLine>] = try readLines("agents.jsonl")
        let solutions: [Numbered<Corpus.SolutionLine>] = try readLines("solutions.jsonl")
        let tickets: [Numbered<Corpus.TicketLine>] = try readLines("tickets.jsonl")
        try validate(categories: categories, agents: agents, solutions: solutions, tickets: tickets)
        return Corpus(
            categories: categories.map(\.value),
            agents: agents.map(\.value),
            solutions: solutions.map(\.value),
            tickets: tickets.map(\.value)
        )
    }

    /// A decoded line and its 1-based line number.
    struct Numbered<T: Sendable>: Sendable {
        var line: Int
        var value: T
    }

    private func readLines<T: Decodable & Sendable>(_ name: String) throws -> [Numbered<T>] {
        let url = folder.appendingPathComponent(name)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CorpusError(file: name, line: 0, field: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var values: [Numbered<T>] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
                continue
            }
            do {
                values.append(Numbered(line: lineNumber, value: try decoder.decode(T.self, from: Data(line))))
            } catch let error as DecodingError {
                throw Self.corpusError(error, file: name, line: lineNumber)
            } catch {
                throw CorpusError(file: name, line: lineNumber, field: nil, message: "\(error)")
            }
        }
        return values
    }

    static func corpusError(_ error: DecodingError, file: String, line: Int) -> CorpusError {
        func path(_ keys: [any CodingKey]) -> String? {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? nil : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return CorpusError(file: file, line: line, field: path(context.codingPath + [key]), message: "missing")
        case .valueNotFound(_, let context):
            return CorpusError(file: file, line: line, field: path(context.codingPath), message: "missing value")
        case .typeMismatch(let type, let context):
            return CorpusError(file: file, line: line, field: path(context.codingPath), message: "expected \(type)")
        case .dataCorrupted(let context):
            let message = context.codingPath.isEmpty ? "not a JSON object" : context.debugDescription
            return CorpusError(file: file, line: line, field: path(context.codingPath), message: message)
        @unknown default:
            return CorpusError(file: file, line: line, field: nil, message: "\(error)")
        }
    }

    /// Checks references and values that decoding alone does not.
    private func validate(
        categories: [Numbered<Corpus.CategoryLine>],
        agents: [Numbered<Corpus.AgentLine>],
        solutions: [Numbered<Corpus.SolutionLine>],
        tickets: [Numbered<Corpus.TicketLine>]
    ) throws {
        func check(_ ok: Bool, _ file: String, _ line: Int, _ field: String, _ message: String) throws {
            if !ok { throw CorpusError(file: file, line: line, field: field, message: message) }
        }
        func email(_ raw: String, _ file: String, _ line: Int, _ field: String) throws {
            do { _ = try InputValidation.normalizedEmail(raw) } catch {
                throw CorpusError(file: file, line: line, field: field, message: "not a valid e-mail address")
            }
        }
        let categoryIds = Set(categories.map(\.value.id))
        for case let (i, c) in categories.map({ ($0.line - 1, $0.value) }) {
            try check(!c.id.isEmpty, "categories.jsonl", i + 1, "id", "empty")
            try check(!c.name.isEmpty, "categories.jsonl", i + 1, "name", "empty")
        }
        let agentIds = Set(agents.map(\.value.id))
        for case let (i, a) in agents.map({ ($0.line - 1, $0.value) }) {
            try check(!a.name.isEmpty, "agents.jsonl", i + 1, "name", "empty")
            try email(a.email, "agents.jsonl", i + 1, "email")
            for (s, skill) in a.skills.enumerated() {
                try check(categoryIds.contains(skill), "agents.jsonl", i + 1, "skills[\(s)]", "unknown category \"\(skill)\"")
            }
            try check((0...1000).contains(a.capacity), "agents.jsonl", i + 1, "capacity", "must be 0…1000")
        }
        let solutionIds = Set(solutions.map(\.value.id))
        for case let (i, s) in solutions.map({ ($0.line - 1, $0.value) }) {
            try check(!s.title.isEmpty, "solutions.jsonl", i + 1, "title", "empty")
            try check(!s.steps.isEmpty, "solutions.jsonl", i + 1, "steps", "no steps")
            try check(categoryIds.contains(s.category), "solutions.jsonl", i + 1, "category", "unknown category \"\(s.category)\"")
            try check(agentIds.contains(s.author), "solutions.jsonl", i + 1, "author", "unknown agent \"\(s.author)\"")
        }
        for case let (i, t) in tickets.map({ ($0.line - 1, $0.value) }) {
            let line = i + 1
            try check(!t.subject.isEmpty, "tickets.jsonl", line, "subject", "empty")
            try email(t.customer.email, "tickets.jsonl", line, "customer.email")
            try check(!t.customer.name.isEmpty, "tickets.jsonl", line, "customer.name", "empty")
            try check(categoryIds.contains(t.category), "tickets.jsonl", line, "category", "unknown category \"\(t.category)\"")
            try check(agentIds.contains(t.agent), "tickets.jsonl", line, "agent", "unknown agent \"\(t.agent)\"")
            try check(solutionIds.contains(t.solution), "tickets.jsonl", line, "solution", "unknown solution \"\(t.solution)\"")
            try check(t.resolvedAt >= t.createdAt, "tickets.jsonl", line, "resolved_at", "before created_at")
        }
    }
}

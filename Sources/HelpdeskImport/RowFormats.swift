import Foundation
import HelpdeskCore

/// What a JSONL or CSV file holds.
public enum ImportKind: String, Sendable, CaseIterable {
    /// Tickets (the corpus `tickets.jsonl` format, most fields optional; `{"id","title","body"}` also works).
    case tickets
    /// Stored solutions (the corpus `solutions.jsonl` format; `body` may replace `steps`).
    case solutions
    /// Agents (the corpus `agents.jsonl` format; `skills` and `capacity` optional).
    case agents
    /// Categories (the corpus `categories.jsonl` format; `description` optional). Existing ones are kept as they are.
    case categories

    /// Guesses the kind from the field names of one row: `steps` → solutions; `email` with `name` → agents;
    /// `subject`, `customer` or `title` with `body` → tickets; `id` with `name` → categories.
    public static func detect(fields: Set<String>) -> ImportKind? {
        if fields.contains("steps") || (fields.contains("title") && fields.contains("author")) { return .solutions }
        let ticketish =
            fields.contains("subject") || fields.contains("customer") || (fields.contains("title") && fields.contains("body"))
        if fields.contains("email") && fields.contains("name") && !ticketish { return .agents }
        if ticketish || (fields.contains("description") && !fields.contains("name")) { return .tickets }
        if fields.contains("id") && fields.contains("name") { return .categories }
        return nil
    }
}

/// The verdict spelling of the corpus files.
enum VerdictField: String, Decodable, Sendable {
    case solved
    case notSolved = "not_solved"

    var verdict: Verdict { self == .solved ? .solved : .notSolved }
}

/// One ticket row: the corpus `tickets.jsonl` fields, with `title`/`body` accepted for `subject`/`description` and
/// everything but `id` and a subject optional.
struct TicketFields: Decodable, Sendable {
    struct Customer: Decodable, Sendable {
        var name: String?
        var email: String
    }
    struct Message: Decodable, Sendable {
        var author: MessageRecord.Author
        var body: String
        var at: Date
    }

    var id: String
    var customer: Customer?
    var subject: String?
    var title: String?
    var description: String?
    var body: String?
    var category: String?
    var priority: TicketPriority?
    var status: TicketStatus?
    var createdAt: Date?
    var firstResponseAt: Date?
    var resolvedAt: Date?
    var agent: String?
    var solution: String?
    var verdict: VerdictField?
    var messages: [Message]?

    enum CodingKeys: String, CodingKey {
        case id, customer, subject, title, description, body, category, priority, status, agent, solution, verdict
        case messages
        case createdAt = "created_at"
        case firstResponseAt = "first_response_at"
        case resolvedAt = "resolved_at"
    }

    /// The customer of rows that name none (synthetic or anonymised exports).
    static let anonymousCustomer = CustomerRecord(
        externalId: "import:anonymous-customer", name: "Imported customer", email: "imported-customer@import.example")

    func record(at source: InputLocation, now: Date) throws -> TicketRecord {
        func fail(_ field: String, _ message: String) -> ImportError { ImportError(source, field: field, message) }
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("id", "empty") }
        guard let subject = (subject ?? title)?.trimmingCharacters(in: .whitespacesAndNewlines), !subject.isEmpty else {
            throw fail("subject", subject == nil && title == nil ? "missing" : "empty")
        }
        var customerRecord = Self.anonymousCustomer
        if let customer {
            guard (try? InputValidation.normalizedEmail(customer.email)) != nil else {
                throw fail("customer.email", "not a valid e-mail address: \"\(customer.email)\"")
            }
            let name = customer.name?.trimmingCharacters(in: .whitespaces) ?? ""
            customerRecord = CustomerRecord(
                externalId: nil, name: name.isEmpty ? String(customer.email.prefix { $0 != "@" }) : name,
                email: customer.email)
        }
        let createdAt = createdAt ?? now
        let status: TicketStatus =
            status
            ?? (verdict == .solved ? .closed : (resolvedAt != nil || solution != nil) ? .resolved : agent != nil ? .assigned : .new)
        if let resolvedAt, resolvedAt < createdAt { throw fail("resolved_at", "before created_at") }
        if let firstResponseAt, firstResponseAt < createdAt { throw fail("first_response_at", "before created_at") }
        if status != .new && status.isOpen && agent == nil { throw fail("agent", "a \(status.rawValue) ticket needs an agent") }
        if verdict != nil && solution == nil { throw fail("verdict", "a verdict needs a solution") }
        return TicketRecord(
            externalId: id,
            customer: customerRecord,
            subject: subject,
            description: (description ?? body ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            categoryId: category.flatMap { $0.isEmpty ? nil : $0 },
            priority: priority ?? .normal,
            status: status,
            createdAt: createdAt,
            firstResponseAt: firstResponseAt,
            resolvedAt: resolvedAt,
            agent: agent.flatMap { $0.isEmpty ? nil : .existing($0) },
            solution: solution.flatMap { $0.isEmpty ? nil : $0 },
            verdict: verdict?.verdict,
            messages: (messages ?? []).map { MessageRecord(author: $0.author, body: $0.body, at: $0.at) }
        )
    }
}

/// One solution row: the corpus `solutions.jsonl` fields; `body` (paragraphs become steps) may replace `steps`.
struct SolutionFields: Decodable, Sendable {
    var id: String
    var title: String
    var category: String?
    var steps: [String]?
    var body: String?
    var author: String?
    var createdAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, title, category, steps, body, author
        case createdAt = "created_at"
    }

    func record(at source: InputLocation, now: Date) throws -> SolutionRecord {
        func fail(_ field: String, _ message: String) -> ImportError { ImportError(source, field: field, message) }
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("id", "empty") }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw fail("title", "empty") }
        let steps =
            (steps ?? body.map { HTMLText.paragraphs(ofPlainText: $0) } ?? [])
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !steps.isEmpty else { throw fail("steps", self.steps == nil && body == nil ? "missing (give steps or body)" : "no steps") }
        return SolutionRecord(
            externalId: id, title: title, steps: steps, categoryId: category.flatMap { $0.isEmpty ? nil : $0 },
            author: author.flatMap { $0.isEmpty ? nil : .existing($0) }, createdAt: createdAt ?? now)
    }
}

/// One agent row: the corpus `agents.jsonl` fields; `skills` and `capacity` optional.
struct AgentFields: Decodable, Sendable {
    var id: String
    var name: String
    var email: String
    var skills: [String]?
    var capacity: Int?

    func record(at source: InputLocation) throws -> AgentRecord {
        func fail(_ field: String, _ message: String) -> ImportError { ImportError(source, field: field, message) }
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("id", "empty") }
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw fail("name", "empty") }
        guard (try? InputValidation.normalizedEmail(email)) != nil else {
            throw fail("email", "not a valid e-mail address: \"\(email)\"")
        }
        let capacity = capacity ?? 10
        guard (0...1000).contains(capacity) else { throw fail("capacity", "must be 0…1000, not \(capacity)") }
        return AgentRecord(externalId: id, name: name, email: email, skills: skills ?? [], capacity: capacity)
    }
}

/// One category row: the corpus `categories.jsonl` fields.
struct CategoryFields: Decodable, Sendable {
    var id: String
    var name: String
    var description: String?

    func record(at source: InputLocation) throws -> HelpdeskCore.Category {
        let id = id.trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty else { throw ImportError(source, field: "id", "empty") }
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ImportError(source, field: "name", "empty") }
        return HelpdeskCore.Category(id: id, name: name, description: description ?? "")
    }
}

extension ImportError {
    /// Turns a `DecodingError` into an error naming the JSON field path.
    init(_ error: DecodingError, at source: InputLocation) {
        func path(_ keys: [any CodingKey]) -> String? {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? nil : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(source, field: path(context.codingPath + [key]), "missing")
        case .valueNotFound(let type, let context):
            self.init(source, field: path(context.codingPath), "expected \(Self.typeName(type)), found null")
        case .typeMismatch(let type, let context):
            self.init(source, field: path(context.codingPath), "expected \(Self.typeName(type))")
        case .dataCorrupted(let context):
            let message =
                context.codingPath.isEmpty
                ? "not a JSON object (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
                : context.debugDescription
            self.init(source, field: path(context.codingPath), message)
        @unknown default:
            self.init(source, "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Date.Type: "a timestamp"
        case is [Any].Type: "an array"
        default: "\(type)"
        }
    }
}

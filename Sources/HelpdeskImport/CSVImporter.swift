import Foundation
import HelpdeskCore

/// Imports tickets, solutions or agents from a CSV file (RFC 4180, header row first), streaming, in batches.
///
/// Columns are named after the JSONL fields (`id`, `subject`, `description`, `customer_name`, `customer_email`,
/// `category`, `priority`, `status`, `created_at`, `first_response_at`, `resolved_at`, `agent`, `solution`,
/// `verdict`; `id`, `title`, `steps` (one per line), `body`, `category`, `author`, `created_at`; `id`, `name`,
/// `email`, `skills` (separated by `;`, `,` or `|`), `capacity`). `mapping` renames other exports' columns, e.g.
/// `["Ticket #": "id", "Requester email": "customer_email"]`; unknown columns are ignored.
public struct CSVImporter: Sendable {
    /// The file.
    public let path: String
    /// What it holds; nil to detect it from the (mapped) header.
    public let kind: ImportKind?
    /// Source column name → our field name.
    public let mapping: [String: String]
    /// Batch size and progress.
    public let options: ImportOptions

    /// Fields each kind understands; the first ones are required.
    static func fields(_ kind: ImportKind) -> (required: [String], optional: [String]) {
        switch kind {
        case .tickets:
            (
                ["id", "subject"],
                [
                    "title", "description", "body", "customer_name", "customer_email", "category", "priority", "status",
                    "created_at", "first_response_at", "resolved_at", "agent", "solution", "verdict",
                ]
            )
        case .solutions: (["id", "title"], ["steps", "body", "category", "author", "created_at"])
        case .agents: (["id", "name", "email"], ["skills", "capacity"])
        case .categories: (["id", "name"], ["description"])
        }
    }

    /// Creates an importer.
    public init(path: String, kind: ImportKind? = nil, mapping: [String: String] = [:], options: ImportOptions = ImportOptions()) {
        self.path = path
        self.kind = kind
        self.mapping = mapping
        self.options = options
    }

    /// Reads the whole file and imports it.
    /// - Throws: `ImportError` for the first bad record (file, line, column name); its batch is rolled back.
    @discardableResult
    public func run(into database: AppDatabase) throws -> ImportSummary {
        let reader = try CSVReader(path: path)
        let file = reader.name
        guard let header = try reader.nextRecord() else { throw ImportError(InputLocation(file: file, line: 1), "empty file") }
        var columns: [String] = []
        for (i, raw) in header.fields.enumerated() {
            guard let name = String(validating: raw, as: UTF8.self) else {
                throw ImportError(InputLocation(file: file, line: header.line), field: "column \(i + 1)", "not valid UTF-8")
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            columns.append(mapping[trimmed] ?? trimmed)
        }
        var kind = self.kind
        if kind == nil {
            var names = Set(columns)
            if names.contains("customer_email") { names.insert("customer") }
            kind = ImportKind.detect(fields: names)
        }
        guard let kind else {
            throw ImportError(InputLocation(file: file, line: header.line), "cannot tell the kind from the header; pass --kind")
        }
        let (required, optional) = Self.fields(kind)
        var index: [String: Int] = [:]
        for (i, column) in columns.enumerated() where required.contains(column) || optional.contains(column) {
            if index[column] != nil {
                throw ImportError(InputLocation(file: file, line: header.line), field: column, "column appears twice")
            }
            index[column] = i
        }
        if kind == .tickets, index["subject"] == nil, let title = index["title"] { index["subject"] = title }
        for field in required where index[field] == nil {
            let original = mapping.first { $0.value == field }.map { " (mapped from \"\($0.key)\")" } ?? ""
            throw ImportError(
                InputLocation(file: file, line: header.line), field: field,
                "missing column\(original); the header has \(header.fields.count) columns: "
                    + columns.joined(separator: ", "))
        }

        var batcher = RecordBatcher(database: database, options: options, label: file)
        var seen: [String: Int] = [:]
        var rows = 0
        let now = Date()
        while let (fields, line) = try reader.nextRecord() {
            let source = InputLocation(file: file, line: line)
            guard fields.count == columns.count else {
                throw ImportError(source, "expected \(columns.count) fields, found \(fields.count)")
            }
            var row = CSVRow(source: source)
            for (field, i) in index {
                guard let text = String(validating: fields[i], as: UTF8.self) else {
                    throw ImportError(source, field: field, "not valid UTF-8")
                }
                let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !value.isEmpty { row.values[field] = value }
            }
            let value: ImportRecord.Value
            switch kind {
            case .tickets: value = .ticket(try row.ticket().record(at: source, now: now))
            case .solutions: value = .solution(try row.solution().record(at: source, now: now))
            case .agents: value = .agent(try row.agent().record(at: source))
            case .categories:
                value = .category(
                    try CategoryFields(id: try row.required("id"), name: try row.required("name"), description: row.values["description"])
                        .record(at: source))
            }
            let id = row.values["id"] ?? ""
            if let first = seen.updateValue(line, forKey: id) {
                throw ImportError(source, field: "id", "duplicate id \"\(id)\" (first on line \(first))")
            }
            rows += 1
            try batcher.add(
                ImportRecord(value, source: source), rowsRead: rows, bytesRead: reader.bytesRead,
                totalBytes: reader.totalBytes)
        }
        try batcher.flush(rowsRead: rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes, isFinal: true)
        return batcher.summary
    }
}

/// One CSV record by field name, with typed accessors that name the column when a value is wrong.
private struct CSVRow {
    let source: InputLocation
    var values: [String: String] = [:]

    func required(_ field: String) throws -> String {
        guard let value = values[field] else { throw ImportError(source, field: field, "empty") }
        return value
    }

    func date(_ field: String) throws -> Date? {
        guard let text = values[field] else { return nil }
        guard let date = ISODate.parse(text) else {
            throw ImportError(source, field: field, "not an ISO-8601 timestamp: \"\(text)\"")
        }
        return date
    }

    func oneOf<T: RawRepresentable>(_ field: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = values[field] else { return nil }
        guard let value = T(rawValue: text) else { throw ImportError(source, field: field, "unknown value \"\(text)\"") }
        return value
    }

    func ticket() throws -> TicketFields {
        var customer: TicketFields.Customer?
        if let email = values["customer_email"] {
            customer = TicketFields.Customer(name: values["customer_name"], email: email)
        } else if values["customer_name"] != nil {
            throw ImportError(source, field: "customer_email", "empty (a customer name needs an e-mail address)")
        }
        return TicketFields(
            id: try required("id"), customer: customer, subject: values["subject"], title: nil,
            description: values["description"], body: values["body"], category: values["category"],
            priority: try oneOf("priority", TicketPriority.self), status: try oneOf("status", TicketStatus.self),
            createdAt: try date("created_at"), firstResponseAt: try date("first_response_at"),
            resolvedAt: try date("resolved_at"), agent: values["agent"], solution: values["solution"],
            verdict: try oneOf("verdict", VerdictField.self), messages: nil)
    }

    func solution() throws -> SolutionFields {
        let steps = values["steps"].map { $0.split(whereSeparator: \.isNewline).map(String.init) }
        return SolutionFields(
            id: try required("id"), title: try required("title"), category: values["category"], steps: steps,
            body: values["body"], author: values["author"], createdAt: try date("created_at"))
    }

    func agent() throws -> AgentFields {
        var capacity: Int?
        if let text = values["capacity"] {
            guard let value = Int(text) else { throw ImportError(source, field: "capacity", "expected an integer, found \"\(text)\"") }
            capacity = value
        }
        let skills = values["skills"].map {
            $0.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "|" }).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return AgentFields(
            id: try required("id"), name: try required("name"), email: try required("email"), skills: skills,
            capacity: capacity)
    }
}

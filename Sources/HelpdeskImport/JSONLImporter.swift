import Foundation
import HelpdeskCore

/// Imports tickets, solutions or agents from a JSON Lines file, streaming: one line is decoded at a time and
/// records are written in batches (one transaction each). Blank lines are skipped; a leading BOM is dropped.
///
/// Formats are those of `Corpus/README.md` (`tickets.jsonl`, `solutions.jsonl`, `agents.jsonl`) with most fields
/// optional; see `TicketFields`, `SolutionFields` and `AgentFields`. The `id` becomes the row's `externalId`, so
/// importing twice adds nothing. `CorpusImporter` reads a whole `Corpus/` folder this way.
public struct JSONLImporter: Sendable {
    /// The file.
    public let path: String
    /// What it holds; nil to detect it from the first row's fields.
    public let kind: ImportKind?
    /// Batch size and progress.
    public let options: ImportOptions

    /// Creates an importer.
    public init(path: String, kind: ImportKind? = nil, options: ImportOptions = ImportOptions()) {
        self.path = path
        self.kind = kind
        self.options = options
    }

    /// A decoder for rows: ISO-8601 timestamps with or without fractions and zone.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISODate.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an ISO-8601 timestamp: \"\(text)\"")
            }
            return date
        }
        return decoder
    }

    /// Reads the whole file and imports it.
    /// - Returns: what was added.
    /// - Throws: `ImportError` for the first bad line; batches before it stay committed, its own batch is rolled back.
    @discardableResult
    public func run(into database: AppDatabase) throws -> ImportSummary {
        let reader = try ByteLineReader(path: path)
        let file = reader.name
        let decoder = Self.makeDecoder()
        var batcher = RecordBatcher(database: database, options: options, label: file)
        var kind = self.kind
        var seen: [String: Int] = [:]
        var rows = 0
        let now = Date()
        while let line = try reader.nextLine() {
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            let source = InputLocation(file: file, line: reader.lineNumber)
            guard String(validating: line, as: UTF8.self) != nil else {
                throw ImportError(source, "not valid UTF-8")
            }
            let data = Data(line)
            if kind == nil {
                guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw ImportError(source, "not a JSON object")
                }
                guard let detected = ImportKind.detect(fields: Set(object.keys)) else {
                    throw ImportError(source, "cannot tell tickets, solutions and agents apart; pass --kind")
                }
                kind = detected
            }
            let record: ImportRecord.Value
            let id: String
            do {
                switch kind! {
                case .tickets:
                    let fields = try decoder.decode(TicketFields.self, from: data)
                    id = fields.id
                    record = .ticket(try fields.record(at: source, now: now))
                case .solutions:
                    let fields = try decoder.decode(SolutionFields.self, from: data)
                    id = fields.id
                    record = .solution(try fields.record(at: source, now: now))
                case .agents:
                    let fields = try decoder.decode(AgentFields.self, from: data)
                    id = fields.id
                    record = .agent(try fields.record(at: source))
                case .categories:
                    let fields = try decoder.decode(CategoryFields.self, from: data)
                    id = fields.id
                    record = .category(try fields.record(at: source))
                }
            } catch let error as DecodingError {
                throw ImportError(error, at: source)
            }
            if let first = seen.updateValue(source.line, forKey: id) {
                throw ImportError(source, field: "id", "duplicate id \"\(id)\" (first on line \(first))")
            }
            rows += 1
            try batcher.add(
                ImportRecord(record, source: source), rowsRead: rows, bytesRead: reader.bytesRead,
                totalBytes: reader.totalBytes)
        }
        try batcher.flush(rowsRead: rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes, isFinal: true)
        return batcher.summary
    }
}

import HelpdeskCore
/// How far an import has got, reported after every batch and every few thousand rows read.
public struct ImportProgress: Sendable {
    /// What is happening: `"scanning Posts.xml"`, `"importing"`, ….
    public var phase: String
    /// Rows read in this phase.
    public var rows: Int
    /// Bytes of the current file read.
    public var bytesRead: Int64
    /// Size of the current file (0 if unknown).
    public var totalBytes: Int64
    /// What was written so far.
    public var summary: ImportSummary
    /// True for the last report of a phase.
    public var isFinal: Bool

    /// Creates a report.
    public init(phase: String, rows: Int, bytesRead: Int64, totalBytes: Int64, summary: ImportSummary, isFinal: Bool = false) {
        self.phase = phase
        self.rows = rows
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.summary = summary
        self.isFinal = isFinal
    }
}

/// Receives progress reports (the CLI draws a bar or prints lines; tests ignore them).
public typealias ImportProgressHandler = @Sendable (ImportProgress) -> Void

/// Settings shared by every importer.
public struct ImportOptions: Sendable {
    /// Records per transaction.
    public var batchSize: Int
    /// Where progress goes.
    public var progress: ImportProgressHandler?

    /// Creates options.
    public init(batchSize: Int = 500, progress: ImportProgressHandler? = nil) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.batchSize = batchSize
        self.progress = progress
    }
}

/// Collects records and writes them in batches of `options.batchSize`, one transaction each.
struct RecordBatcher {
    let database: AppDatabase
    let options: ImportOptions
    let label: String
    var phase = "importing"
    private(set) var pending: [ImportRecord] = []
    private(set) var summary = ImportSummary()

    init(database: AppDatabase, options: ImportOptions, label: String) {
        self.database = database
        self.options = options
        self.label = label
        pending.reserveCapacity(options.batchSize)
    }

    /// Queues a record; writes the batch when it is full.
    mutating func add(_ record: ImportRecord, rowsRead: Int, bytesRead: Int64, totalBytes: Int64) throws {
        pending.append(record)
        if pending.count >= options.batchSize { try flush(rowsRead: rowsRead, bytesRead: bytesRead, totalBytes: totalBytes) }
    }

    /// Writes what is queued (one transaction) and reports progress.
    mutating func flush(rowsRead: Int, bytesRead: Int64, totalBytes: Int64, isFinal: Bool = false) throws {
        if !pending.isEmpty {
            let written = try database.write(batch: pending, label: label)
            summary.add(written)
            pending.removeAll(keepingCapacity: true)
        }
        summary.rowsRead = rowsRead
        options.progress?(
            ImportProgress(
                phase: phase, rows: rowsRead, bytesRead: bytesRead, totalBytes: totalBytes, summary: summary,
                isFinal: isFinal))
    }
}

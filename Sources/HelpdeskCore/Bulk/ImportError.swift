/// Where in an input file something was read: the file, a 1-based line and, for XML, a 1-based column.
public struct InputLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name as given on the command line (or the fixture's name).
    public var file: String
    /// 1-based line (0 when the file itself is the problem).
    public var line: Int
    /// 1-based column, when the reader knows it (XML).
    public var column: Int?

    /// Creates a location.
    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line` or `file:line:column`.
    public var description: String {
        "\(file):\(line)" + (column.map { ":\($0)" } ?? "")
    }
}

/// A refused input: where it is, which field is at fault and why. Importers stop at the first one, and the batch
/// being written when it was found is rolled back.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the bad input is.
    public var location: InputLocation
    /// The field (JSON path, CSV column or XML attribute), when one is at fault.
    public var field: String?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ location: InputLocation, field: String? = nil, _ message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    /// The file name.
    public var file: String { location.file }
    /// The 1-based line.
    public var line: Int { location.line }
    /// The 1-based column, if known.
    public var column: Int? { location.column }

    /// `file:line[:column]: field: message`.
    public var description: String {
        "\(location): " + (field.map { "\($0): " } ?? "") + message
    }
}

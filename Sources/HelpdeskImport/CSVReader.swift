import HelpdeskCore
/// A streaming RFC 4180 reader: comma-separated fields, double quotes around fields that hold commas, quotes or line
/// breaks, `""` for a quote inside them, `\r\n` or `\n` between records. A leading BOM is dropped. Each record comes
/// with the line it starts on.
final class CSVReader {
    private let lines: ByteLineReader
    private var chunk: ArraySlice<UInt8> = []
    private var line = 1
    private var finished = false

    /// The file name, for errors.
    var name: String { lines.name }
    /// Bytes consumed.
    var bytesRead: Int64 { lines.bytesRead - Int64(chunk.count) }
    /// File size.
    var totalBytes: Int64 { lines.totalBytes }

    init(path: String) throws {
        lines = try ByteLineReader(path: path)
    }

    private func nextByte() throws -> UInt8? {
        if chunk.isEmpty {
            guard let next = try lines.nextChunk() else { return nil }
            chunk = next
        }
        return chunk.popFirst()
    }

    private func peekByte() throws -> UInt8? {
        if chunk.isEmpty {
            guard let next = try lines.nextChunk() else { return nil }
            chunk = next
        }
        return chunk.first
    }

    /// The next record's fields as raw bytes and the line it starts on; nil at the end.
    /// - Throws: `ImportError` for a quote inside an unquoted field or a quoted field left open at the end.
    func nextRecord() throws -> (fields: [[UInt8]], line: Int)? {
        guard !finished else { return nil }
        let startLine = line
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var quoted = false
        var inQuotes = false
        var fieldLine = line
        while true {
            guard let byte = try nextByte() else {
                finished = true
                if inQuotes {
                    throw ImportError(
                        InputLocation(file: name, line: fieldLine), field: "field \(fields.count + 1)",
                        "quoted field is not closed before the end of the file")
                }
                if fields.isEmpty && field.isEmpty && !quoted { return nil }
                fields.append(field)
                return (fields, startLine)
            }
            if inQuotes {
                if byte == 34 {
                    if try peekByte() == 34 {
                        _ = try nextByte()
                        field.append(34)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 10 { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 44:  // ,
                fields.append(field)
                field = []
                quoted = false
                fieldLine = line
            case 10, 13:
                if byte == 13, try peekByte() == 10 { _ = try nextByte() }
                line += 1
                if fields.isEmpty && field.isEmpty && !quoted { continue }  // blank line
                fields.append(field)
                return (fields, startLine)
            case 34:
                guard field.isEmpty && !quoted else {
                    throw ImportError(
                        InputLocation(file: name, line: line), field: "field \(fields.count + 1)",
                        "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                quoted = true
                inQuotes = true
                fieldLine = line
            default:
                if quoted {
                    throw ImportError(
                        InputLocation(file: name, line: line), field: "field \(fields.count + 1)",
                        "text after the closing quote")
                }
                field.append(byte)
            }
        }
    }
}

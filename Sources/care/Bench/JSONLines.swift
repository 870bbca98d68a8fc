import Foundation

/// Reads a JSON-lines file one object at a time, naming the file and line of anything malformed.
struct JSONLines {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let line: Int
        let field: String?
        let message: String
        var description: String {
            "\(path):\(line)" + (field.map { ": field '\($0)'" } ?? "") + ": \(message)"
        }
    }

    /// Calls `body` with each non-empty line's object and its line number.
    static func forEach(path: String, _ body: ([String: Any], Int) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(path: path, line: 0, field: nil, message: "cannot open the file")
        }
        defer { try? handle.close() }
        var lineNumber = 0
        var pending = Data()
        func emit(_ line: Data) throws {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { return }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: line)
            } catch {
                throw Failure(path: path, line: lineNumber, field: nil, message: "not valid JSON")
            }
            guard let dictionary = object as? [String: Any] else {
                throw Failure(path: path, line: lineNumber, field: nil, message: "expected a JSON object")
            }
            try body(dictionary, lineNumber)
        }
        while true {
            let chunk = handle.readData(ofLength: 1 << 22)
            if chunk.isEmpty { break }
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try emit(pending[start..<newline])
                start = pending.index(after: newline)
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { try emit(pending) }
    }

    /// A required string field.
    static func string(_ object: [String: Any], _ field: String, path: String, line: Int) throws -> String {
        guard let value = object[field] else { throw Failure(path: path, line: line, field: field, message: "missing") }
        if let s = value as? String { return s }
        if let n = value as? NSNumber { return n.stringValue }
        throw Failure(path: path, line: line, field: field, message: "expected a string")
    }
}

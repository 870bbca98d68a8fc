import Foundation
import HelpdeskCore

/// Reads a file in 1 MiB chunks and hands out its lines as bytes, with 1-based line numbers and the bytes consumed
/// so far (for progress). Memory stays at one chunk plus the longest line. A leading UTF-8 byte-order mark is
/// dropped; `\r\n` and `\n` both end a line.
final class ByteLineReader {
    let path: String
    let name: String
    let totalBytes: Int64
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEOF = false
    private var first = true
    /// Bytes handed out so far.
    private(set) var bytesRead: Int64 = 0
    /// The line number of the last line returned.
    private(set) var lineNumber = 0

    init(path: String, name: String? = nil) throws {
        self.path = path
        self.name = name ?? URL(fileURLWithPath: path).lastPathComponent
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(InputLocation(file: self.name, line: 0), "cannot open the file")
        }
        self.handle = handle
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        totalBytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    deinit { try? handle.close() }

    private func fill() throws -> Bool {
        if atEOF { return false }
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let chunk: Data?
        do { chunk = try handle.read(upToCount: 1 << 20) } catch {
            throw ImportError(InputLocation(file: name, line: lineNumber + 1), "cannot read: \(error.localizedDescription)")
        }
        guard let chunk, !chunk.isEmpty else {
            atEOF = true
            return false
        }
        buffer.append(contentsOf: chunk)
        if first && buffer.count >= 3 {
            first = false
            if buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                start = 3
                bytesRead += 3
            }
        }
        return true
    }

    /// The next line without its terminator, or nil at the end of the file.
    func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                var end = newline
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                let line = buffer[start..<end]
                bytesRead += Int64(newline + 1 - start)
                start = newline + 1
                lineNumber += 1
                return line
            }
            if try !fill() {
                guard start < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == 13 { end -= 1 }
                let line = buffer[start..<end]
                bytesRead += Int64(buffer.count - start)
                start = buffer.count
                lineNumber += 1
                return line
            }
        }
    }

    /// Raw chunks, for the CSV reader (which tracks lines itself): the next slice of unread bytes, or nil at the end.
    func nextChunk() throws -> ArraySlice<UInt8>? {
        if start >= buffer.count {
            guard try fill() else { return nil }
        }
        let chunk = buffer[start...]
        bytesRead += Int64(chunk.count)
        start = buffer.count
        return chunk
    }
}

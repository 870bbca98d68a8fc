import CLibXML2
import Foundation
import HelpdeskCore

/// Streams the `<row …/>` elements of a Stack Exchange dump file with libxml2's pull parser (`xmlReaderForFile` and
/// `xmlTextReaderRead`), so memory does not grow with the file. Only the attributes asked for are copied out.
///
/// libxml2's own messages never reach stderr: a structured error handler records the first error with its line and
/// column, and `next()` throws it as an `ImportError`.
final class XMLRowReader {
    /// The file name, for errors.
    let name: String
    /// File size in bytes.
    let totalBytes: Int64
    private let reader: xmlTextReaderPtr
    private let sink: ErrorSink
    private let wanted: [(name: [CChar], key: String)]
    /// Rows returned so far.
    private(set) var rows = 0

    /// Collects libxml2 errors for one reader.
    final class ErrorSink {
        var first: (message: String, line: Int, column: Int)?
    }

    /// Opens `path`.
    /// - Parameters:
    ///   - attributes: the attribute names `next()` returns.
    /// - Throws: `ImportError` when the file cannot be opened.
    init(path: String, name: String? = nil, attributes: [String]) throws {
        self.name = name ?? URL(fileURLWithPath: path).lastPathComponent
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ImportError(InputLocation(file: self.name, line: 0), "cannot open the file")
        }
        totalBytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_BIG_LINES.rawValue)
        sink = ErrorSink()
        // Errors raised while the reader is being created go through the thread's structured handler.
        let context = Unmanaged.passUnretained(sink).toOpaque()
        xmlSetStructuredErrorFunc(context, xmlErrorToSink)
        defer { xmlSetStructuredErrorFunc(nil, xmlIgnoreError) }
        guard let reader = xmlReaderForFile(path, nil, options) else {
            let reason = sink.first?.message ?? "libxml2 cannot read it"
            throw ImportError(InputLocation(file: self.name, line: 0), "cannot open the file: \(reason)")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, xmlErrorToSink, context)
        wanted = attributes.map { (Array($0.utf8CString), $0) }
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// The line of the current row's start tag (1-based). libxml2 keeps no column for nodes, and the parser's own
    /// position is already past the row (it reads ahead), so attribute errors name the line and the attribute.
    private(set) var line = 0
    /// Where the current row is.
    var location: InputLocation { InputLocation(file: name, line: line) }
    /// Bytes of the file parsed so far.
    var bytesRead: Int64 { max(0, Int64(xmlTextReaderByteConsumed(reader))) }

    /// The current element's line. libxml2 stores element lines as 16 bits, saturating at 65535; past that, the
    /// parser's position is used: it has read ahead to the next tag, which in a dump (one row a line) is on the next
    /// line, so one is subtracted when the parser stands at the start of a line.
    private func rowLine() -> Int {
        let nodeLine = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? -1
        if nodeLine > 0 && nodeLine < 65535 { return nodeLine }
        let parserLine = Int(xmlTextReaderGetParserLineNumber(reader))
        return xmlTextReaderGetParserColumnNumber(reader) <= 8 ? max(1, parserLine - 1) : parserLine
    }

    /// Moves to the next `row` element and returns its wanted attributes; nil at the end of the document.
    /// - Throws: `ImportError` with the line and column libxml2 reports for malformed XML or bad encoding.
    func next() throws -> [String: String]? {
        while true {
            xmlSetStructuredErrorFunc(Unmanaged.passUnretained(sink).toOpaque(), xmlErrorToSink)
            let status = xmlTextReaderRead(reader)
            xmlSetStructuredErrorFunc(nil, xmlIgnoreError)
            if let error = sink.first {
                throw ImportError(InputLocation(file: name, line: error.line, column: error.column), error.message)
            }
            if status == 0 { return nil }
            if status < 0 {
                let position = InputLocation(
                    file: name, line: Int(xmlTextReaderGetParserLineNumber(reader)),
                    column: Int(xmlTextReaderGetParserColumnNumber(reader)))
                throw ImportError(position, "the XML cannot be read")
            }
            guard xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue),
                xmlTextReaderDepth(reader) == 1,
                let localName = xmlTextReaderConstLocalName(reader),
                strcmp(UnsafeRawPointer(localName).assumingMemoryBound(to: CChar.self), "row") == 0
            else { continue }
            rows += 1
            line = rowLine()
            var values: [String: String] = [:]
            if xmlTextReaderMoveToFirstAttribute(reader) == 1 {
                repeat {
                    guard let attributeName = xmlTextReaderConstLocalName(reader) else { continue }
                    let cName = UnsafeRawPointer(attributeName).assumingMemoryBound(to: CChar.self)
                    for entry in wanted where entry.name.withUnsafeBufferPointer({ strcmp($0.baseAddress!, cName) == 0 }) {
                        if let value = xmlTextReaderConstValue(reader) {
                            values[entry.key] = String(cString: UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
                        }
                        break
                    }
                } while xmlTextReaderMoveToNextAttribute(reader) == 1
                xmlTextReaderMoveToElement(reader)
            }
            return values
        }
    }
}

/// libxml2's structured error callback: keeps the first error (warnings are ignored) in the reader's sink.
private func xmlErrorToSink(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    let sink = Unmanaged<XMLRowReader.ErrorSink>.fromOpaque(context).takeUnretainedValue()
    guard sink.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
    message = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.joined(separator: "; ")
    sink.first = (message, Int(error.pointee.line), Int(error.pointee.int2))
}

/// Swallows errors raised outside a reader call, so libxml2 never prints to stderr.
private func xmlIgnoreError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {}

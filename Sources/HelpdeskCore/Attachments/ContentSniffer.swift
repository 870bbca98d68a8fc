/// Decides an uploaded file's type from its first bytes (magic numbers), never from its name or from the type the
/// client claimed: a `.png` that holds HTML is text, and is served as a download.
///
/// Only the four raster image types are ever shown inline; SVG, HTML and every other text are `text/plain`.
public enum ContentSniffer {
    /// How many leading bytes `sniff` looks at.
    public static let headLength = 512

    /// Media types shown inline as thumbnails; everything else is served as a download.
    public static let imageTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]

    /// The media type stored for files that match no known signature and are not text.
    public static let unknownType = "application/octet-stream"

    /// The media type of a file that starts with `head`.
    /// - Parameters:
    ///   - head: the file's first bytes (up to `headLength`; fewer for a shorter file).
    ///   - isComplete: whether `head` is the whole file (a cut UTF-8 sequence at the end is then not forgiven).
    /// - Returns: one of `image/png`, `image/jpeg`, `image/gif`, `image/webp`, `application/pdf`, `application/zip`,
    ///   `application/gzip`, `text/plain`, or `application/octet-stream`.
    /// - Complexity: O(`headLength`).
    public static func sniff(_ head: some Collection<UInt8>, isComplete: Bool = false) -> String {
        let bytes = Array(head.prefix(headLength))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<offset + signature.count]) == signature
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return "application/zip" }
        if starts([0x1F, 0x8B]) { return "application/gzip" }
        if isText(bytes, isComplete: isComplete) { return "text/plain" }
        return unknownType
    }

    /// Whether `type` (as stored) is shown inline as an image.
    public static func isImage(_ type: String) -> Bool { imageTypes.contains(type) }

    /// Valid UTF-8 (a BOM allowed) without control characters other than tab, line feed, form feed, carriage return
    /// and escape; a multi-byte character cut by the end of an incomplete head is forgiven.
    static func isText(_ bytes: [UInt8], isComplete: Bool) -> Bool {
        guard !bytes.isEmpty else { return false }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains(byte) { return false }
                if byte == 0x7F { return false }
                index += 1
                continue
            }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            if index + length > bytes.count {
                // Cut by the end of the head: text so far, unless this is the whole file.
                guard !isComplete else { return false }
                return bytes[(index + 1)...].allSatisfy { $0 & 0xC0 == 0x80 }
            }
            for continuation in bytes[(index + 1)..<(index + length)] where continuation & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}

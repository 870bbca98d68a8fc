import Foundation

// MARK: - Reply text

/// Finds what the sender of a reply by mail wrote, without the quoted mail, the signature and mobile footers.
public enum ReplyText {
    /// The marker line outgoing notifications put at the top of the text body; everything from a line containing it
    /// downwards is dropped.
    public static let marker = "## Reply above this line to answer on your request ##"
    /// Bytes of a body read for its new text.
    public static let maximumInput = 256 * 1024

    /// The new text of a reply. Cuts at the marker line, else at the first attribution (`On … wrote:`,
    /// `Le … a écrit :`, `Am … schrieb …:`) followed by quoted lines or nothing, `-----Original Message-----` or an
    /// Outlook `From:`/`Sent:` block. Then drops trailing quoted lines, the signature after `-- ` and a last
    /// `Sent from my …` line. Quoted lines followed by new text (an interleaved reply) are kept.
    /// Only the first `maximumInput` bytes are read: an answer is at most 20,000 characters, and its quoted mail
    /// starts before that.
    /// - Returns: the new text without surrounding whitespace, or `""` when nothing is left.
    /// - Complexity: O(n) in the length of `text`, at most `maximumInput`.
    public static func newText(_ text: String) -> String {
        let bounded = text.utf8.count > maximumInput ? String(decoding: text.utf8.prefix(maximumInput), as: UTF8.self) : text
        let text =
            bounded.utf8.contains(13)
            ? String(decoding: InboundMessage.normalizingNewlines(Array(bounded.utf8)), as: UTF8.self) : bounded
        var lines: [Range<String.Index>] = []  // 16 bytes a line, so a hostile mail of empty lines stays affordable.
        lines.reserveCapacity(text.utf8.reduce(1) { $1 == 10 ? $0 + 1 : $0 })
        var start = text.startIndex
        while let newline = text.utf8[start...].firstIndex(of: 10) {
            lines.append(start..<newline)
            start = text.utf8.index(after: newline)
        }
        lines.append(start..<text.endIndex)
        let lowerMarker = Array(marker.lowercased().utf8)
        if let cut = lines.firstIndex(where: { contains(text[$0].utf8, lowerMarker) }) { lines.removeSubrange(cut...) }
        dropHistory(&lines, in: text)
        dropTrailingQuotes(&lines, in: text)
        // The signature separator is "-- " (with its space, RFC 3676); a bare "--" may be the writer's own rule.
        if let signature = lines.lastIndex(where: { text[$0] == "-- " }) {
            lines.removeSubrange(signature...)
            dropTrailingQuotes(&lines, in: text)
        }
        // A mobile footer is a short last line of its own ("Sent from my iPhone", "Von meinem iPad gesendet"), not a
        // sentence that happens to start the same way.
        let footers = ["sent from my ", "sent from mail for ", "get outlook for ", "envoyé de mon "]
        if let last = lines.last.map({ String(text[$0].drop(while: \.isWhitespace)).lowercased() }), last.count <= 40,
            !last.hasSuffix("."),
            footers.contains(where: last.hasPrefix) || (last.hasPrefix("von meinem ") && last.hasSuffix(" gesendet"))
        {
            lines.removeLast()
            dropTrailingQuotes(&lines, in: text)
        }
        var result = ""
        for range in lines.drop(while: { text[$0].allSatisfy(\.isWhitespace) }) {
            if !result.isEmpty { result += "\n" }
            result += result.isEmpty ? text[range].drop(while: \.isWhitespace) : text[range]
        }
        return String(result[..<(result.lastIndex { !$0.isWhitespace }.map(result.index(after:)) ?? result.startIndex)])
    }

    /// Whether `line` contains `pattern` (lowercase ASCII), ignoring ASCII case.
    private static func contains(_ line: Substring.UTF8View, _ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        var start = line.startIndex
        while let found = line[start...].firstIndex(where: { $0 | 0x20 == first }) {
            if line[found...].starts(with: pattern, by: { ($0 >= 65 && $0 <= 90 ? $0 + 32 : $0) == $1 }) { return true }
            start = line.index(after: found)
        }
        return false
    }

    /// Whether `line` is quoted (starts with `>` after optional spaces).
    private static func isQuoted(_ line: Substring) -> Bool { line.utf8.first { $0 != 32 && $0 != 9 } == 62 }

    /// Whether `line` holds only whitespace.
    private static func isBlank(_ line: Substring) -> Bool { line.allSatisfy(\.isWhitespace) }

    /// Removes trailing blank and quoted lines, and Outlook's `____` separator line.
    private static func dropTrailingQuotes(_ lines: inout [Range<String.Index>], in text: String) {
        while let last = lines.last, isQuoted(text[last]) || text[last].allSatisfy({ $0.isWhitespace || $0 == "_" }) {
            lines.removeLast()
        }
    }

    /// Whether `text` is an attribution line such as `On Mon, 1 Dec 2026, Support <x@y> wrote:`.
    private static func isAttribution(_ text: Substring) -> Bool {
        let text = text.drop(while: \.isWhitespace)
        guard text.utf8.count <= 500, ["on ", "le ", "am "].contains(text.prefix(3).lowercased()) else { return false }
        let lower = text.lowercased()
        let compact = lower.filter { !$0.isWhitespace }
        return (lower.hasPrefix("on ") && compact.hasSuffix("wrote:"))
            || (lower.hasPrefix("le ") && compact.hasSuffix("aécrit:"))
            || (lower.hasPrefix("am ") && lower.contains("schrieb") && compact.hasSuffix(":"))
    }

    /// Whether `lines[index]` starts an Outlook header block: `From:` naming an address, with `Sent:` (or `Date:`)
    /// within 4 lines.
    private static func isOutlookHeader(_ lines: [Range<String.Index>], at index: Int, in text: String) -> Bool {
        func key(_ line: Range<String.Index>) -> String {
            String(text[line].prefix(20).drop { " \t*".contains($0) }).lowercased()
        }
        guard ["from:", "de :", "de:", "von:"].contains(where: key(lines[index]).hasPrefix),
            text[lines[index]].contains("@") || text[lines[index]].contains("[mailto:")
        else { return false }
        return lines[(index + 1)..<min(index + 5, lines.count)].contains { line in
            ["sent:", "date:", "envoyé :", "envoyé:", "gesendet:"].contains(where: key(line).hasPrefix)
        }
    }

    /// Cuts `lines` before the quoted history. An attribution is cut only when nothing but quoted lines follows it;
    /// with new text after it (an interleaved reply), only the attribution itself is removed.
    private static func dropHistory(_ lines: inout [Range<String.Index>], in text: String) {
        let lastNew = lines.indices.last { !isBlank(text[lines[$0]]) && !isQuoted(text[lines[$0]]) } ?? -1
        let ruleStarts = Set(["---", "fro", "de ", "de:", "von", "on ", "le ", "am "].map { Array($0.utf8) })
        var kept = 0  // Lines are compacted in place: lines[..<kept] are the ones kept so far.
        var i = 0
        lineLoop: while i < lines.count {
            let line = text[lines[i]]
            // Every rule below needs a line starting with one of a few words; skip the rest cheaply.
            let start = line.utf8.drop { $0 == 32 || $0 == 9 || $0 == 42 }.prefix(3).map { $0 | 0x20 }
            if !isQuoted(line) && ruleStarts.contains(start) {
                let head = line.drop(while: \.isWhitespace).prefix(40).lowercased()
                let isOriginalMessage = head.hasPrefix("-----") && head.contains("original message")
                if isOriginalMessage || isOutlookHeader(lines, at: i, in: text) { break }
                for span in 1...2 where i + span <= lines.count && !isQuoted(text[lines[i + span - 1]]) {
                    let joined = lines[i..<(i + span)].map { text[$0] }.joined(separator: " ")
                    guard isAttribution(Substring(joined)) else { continue }
                    // Linear overall: the blank run after one attribution cannot hold another.
                    let after = lines[(i + span)...].firstIndex { !isBlank(text[$0]) }
                    // Quoted lines follow it; or nothing does (the marker cut the quote), and it names a date or time,
                    // so that a last line "On Monday I wrote:" stays the writer's own.
                    let quoted = after.map { isQuoted(text[lines[$0]]) } ?? false
                    guard quoted || (after == nil && joined.contains(where: \.isNumber)) else { continue }
                    if lastNew < i + span { break lineLoop }
                    i += span
                    continue lineLoop
                }
            }
            lines[kept] = lines[i]
            kept += 1
            i += 1
        }
        lines.removeSubrange(kept...)
    }
}

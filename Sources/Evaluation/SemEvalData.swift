import Foundation

/// SemEval-2016 Task 3 (Qatar Living) subtask B data: original questions, each with the ten related
/// questions a search engine returned for it, their threads' comments and the gold relevance.
public struct SemEvalData: Sendable {
    /// A related question with its gold label.
    public struct Related: Sendable {
        public let id: String
        public let rank: Int  // the search engine's order (RELQ_RANKING_ORDER)
        public let relevant: Bool  // PerfectMatch or Relevant
        public var perfectMatch = false  // PerfectMatch: the same question asked again
        public let subject: String
        public let body: String
        public let comments: String
    }

    /// An original question and the ten related ones.
    public struct Original: Sendable {
        public let id: String
        public let subject: String
        public let body: String
        public var related: [Related]
    }

    /// The original questions, in file order.
    public var questions: [Original] = []

    /// Reads the task's XML file. The format is fixed and flat, so a small scanner suffices: it
    /// decodes the five XML entities and numeric character references.
    public static func load(path: String) throws -> SemEvalData {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw EvaluationDataError("\(path): cannot read the file as UTF-8")
        }
        var data = SemEvalData()
        var byID: [String: Int] = [:]
        var rest = text[...]
        while let open = rest.range(of: "<OrgQuestion ") {
            guard let close = rest.range(of: "</OrgQuestion>", range: open.upperBound..<rest.endIndex) else {
                throw EvaluationDataError("\(path): an <OrgQuestion> element is not closed")
            }
            let element = rest[open.lowerBound..<close.upperBound]
            rest = rest[close.upperBound...]
            let head = element[..<(element.firstIndex(of: ">") ?? element.endIndex)]
            guard let orgID = attribute("ORGQ_ID", in: head) else { throw EvaluationDataError("\(path): OrgQuestion without ORGQ_ID") }
            let relHead = inner("RelQuestion", in: element, headOnly: true) ?? ""
            let comments = allInner("RelCText", in: element).joined(separator: "\n")
            let label = attribute("RELQ_RELEVANCE2ORGQ", in: relHead[...]) ?? ""
            var related = Related(
                id: attribute("RELQ_ID", in: relHead[...]) ?? "",
                rank: Int(attribute("RELQ_RANKING_ORDER", in: relHead[...]) ?? "") ?? 99,
                relevant: ["PerfectMatch", "Relevant"].contains(label),
                subject: decode(inner("RelQSubject", in: element) ?? ""),
                body: decode(inner("RelQBody", in: element) ?? ""),
                comments: decode(comments))
            related.perfectMatch = label == "PerfectMatch"
            if let i = byID[orgID] {
                data.questions[i].related.append(related)
            } else {
                byID[orgID] = data.questions.count
                data.questions.append(Original(
                    id: orgID, subject: decode(inner("OrgQSubject", in: element) ?? ""),
                    body: decode(inner("OrgQBody", in: element) ?? ""), related: [related]))
            }
        }
        guard !data.questions.isEmpty else { throw EvaluationDataError("\(path): no <OrgQuestion> elements found") }
        return data
    }

    private static func attribute(_ name: String, in head: Substring) -> String? {
        guard let r = head.range(of: " \(name)=\"") else { return nil }
        guard let end = head[r.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(head[r.upperBound..<end])
    }

    /// The text inside the first `<tag …>…</tag>` (or just its opening tag with `headOnly`).
    private static func inner(_ tag: String, in text: Substring, headOnly: Bool = false) -> String? {
        guard let open = text.range(of: "<\(tag)") else { return nil }
        guard let headEnd = text[open.upperBound...].firstIndex(of: ">") else { return nil }
        if headOnly { return String(text[open.lowerBound..<headEnd]) }
        let start = text.index(after: headEnd)
        guard let close = text.range(of: "</\(tag)>", range: start..<text.endIndex) else { return nil }
        return String(text[start..<close.lowerBound])
    }

    private static func allInner(_ tag: String, in text: Substring) -> [String] {
        var out: [String] = []
        var rest = text
        while let open = rest.range(of: "<\(tag)>") {
            guard let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex) else { break }
            out.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }

    static func decode(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let entity = s[s.index(after: i)..<semi]
                var replacement: String?
                switch entity {
                case "amp": replacement = "&"
                case "lt": replacement = "<"
                case "gt": replacement = ">"
                case "quot": replacement = "\""
                case "apos": replacement = "'"
                default:
                    if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                        replacement = String(Character(u))
                    } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) {
                        replacement = String(Character(u))
                    }
                }
                if let replacement {
                    out += replacement
                    i = s.index(after: semi)
                    continue
                }
            }
            out.append(s[i])
            i = s.index(after: i)
        }
        return out
    }
}


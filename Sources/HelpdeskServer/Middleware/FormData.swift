import Foundation
import Hummingbird

/// A parsed `application/x-www-form-urlencoded` body: every value of every field, in order.
public struct FormData: Sendable {
    private var values: [String: [String]] = [:]

    /// Parses a body.
    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    /// An empty form.
    init() {}

    /// Adds a value of `name` (a field of a multipart form).
    mutating func append(_ name: String, _ value: String) {
        values[name, default: []].append(value)
    }

    /// The last value of `name`, or nil.
    public subscript(_ name: String) -> String? { values[name]?.last }

    /// Every value of `name` (checkbox groups, multi-line lists).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of `name`, or "".
    func string(_ name: String) -> String { self[name] ?? "" }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

extension Request {
    /// The query string parsed like a form (`+` is a space, as browsers send GET forms).
    var query: FormData { FormData(uri.query ?? "") }
}

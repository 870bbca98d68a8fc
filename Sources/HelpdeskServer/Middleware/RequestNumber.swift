import HelpdeskCore

/// Whole numbers read from a request (query string, form or path), range-checked before any arithmetic touches them,
/// so that no value a client sends can trap (`Int64.max`, a 30-digit number, `-1`, `1e309`, `NaN`).
enum RequestNumber {
    /// The highest page number a list accepts; past it a client gets a 400 naming the field, not an empty page
    /// computed from an offset that would overflow.
    static let maximumPage = 100_000

    /// Parses `raw` as a whole number within `range`.
    /// - Returns: nil when `raw` is nil or empty (the caller's default applies).
    /// - Throws: `.invalidInput` naming `field` when `raw` is not a plain whole number within `range`.
    static func integer(_ raw: String?, field: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        // At most 18 digits after an optional sign fit in an Int64 whatever they are; longer is out of range anyway.
        let digits = raw.hasPrefix("-") || raw.hasPrefix("+") ? raw.dropFirst() : raw[...]
        guard !digits.isEmpty, digits.utf8.count <= 18, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let value = Int(raw), range.contains(value)
        else {
            throw HelpdeskError.invalidInput(
                field: field, message: "Use a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }
}

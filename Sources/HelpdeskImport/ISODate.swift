import Foundation

/// A fast parser for the ISO-8601 timestamps of exports: `2026-03-14T09:26:05Z`, `2021-04-27T15:06:44.553` (Stack
/// Exchange: UTC without a zone), `2026-03-14 09:26`, `2026-03-14`, with an optional `Z` or `±hh:mm` offset.
/// `DateFormatter` is far too slow for millions of rows.
public enum ISODate {
    /// Parses `text`; nil when it is not such a timestamp. A missing zone means UTC.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes s: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var value = 0
            for k in 0..<n {
                let c = s[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            i += n
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = 0.0
        if i < s.count, s[i] == 84 || s[i] == 116 || s[i] == 32 {  // T, t or space
            i += 1
            guard let hour = digits(2), expect(58), let minute = digits(2), hour < 24, minute < 60 else { return nil }
            seconds = Double(hour * 3600 + minute * 60)
            if expect(58) {
                guard let second = digits(2), second <= 60 else { return nil }
                seconds += Double(second)
                if expect(46) || expect(44) {
                    var scale = 0.1
                    var any = false
                    while i < s.count, s[i] >= 48 && s[i] <= 57 {
                        seconds += Double(s[i] - 48) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    guard any else { return nil }
                }
            }
            if expect(90) || expect(122) {  // Z
            } else if i < s.count, s[i] == 43 || s[i] == 45 {  // + or -
                let sign = s[i] == 43 ? 1.0 : -1.0
                i += 1
                guard let oh = digits(2) else { return nil }
                _ = expect(58)
                let om = digits(2) ?? 0
                seconds -= sign * Double(oh * 3600 + om * 60)
            }
        }
        guard i == s.count else { return nil }
        // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: Double(days) * 86_400 + seconds)
    }
}

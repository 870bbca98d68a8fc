import Foundation
import Testing

@testable import HelpdeskCore
@testable import HelpdeskServer

/// The suggestion response is written as JSON directly; its bytes must be those `JSONEncoder` wrote before.
@Suite("Suggestion JSON")
struct SuggestionJSONTests {
    static func solution(id: Int64, title: String, steps: [String], category: String?, updatedAt: Date) -> Solution {
        Solution(
            id: id, externalId: nil, title: title, steps: steps, categoryId: category, authorId: nil, createdAt: updatedAt,
            updatedAt: updatedAt, isPublished: id % 2 == 0, previousVersionId: nil, supersededById: id % 3 == 0 ? 1 : nil,
            reuseCount: Int(id) * 7, solvedCount: 3, notSolvedCount: Int(id) % 2)
    }

    @Test("writes the bytes JSONEncoder writes, for awkward text, numbers and dates")
    func sameBytesAsJSONEncoder() throws {
        let texts = [
            "Payout delayed to your bank account", "Quotes \"like this\", a back\\slash and a/slash",
            "Tabs\tand\nnew lines\r\n, a bell \u{07}, \u{0C}\u{08}\u{1F} and \u{7F}", "Café crème, Пароль, 東京, 😀", "",
        ]
        let scores = [0, 1, 12.5, 0.1 + 0.2, 1e-7, 123_456_789.123, 2.0 / 3.0, 1e21, 42]
        let dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_764_633_496.789), Date(timeIntervalSince1970: 1_800_000_000)]
        var suggestions: [SuggestionResponse] = []
        for (i, score) in scores.enumerated() {
            let solution = Self.solution(
                id: Int64(i + 1), title: texts[i % texts.count], steps: Array(texts.prefix(i % 4)),
                category: i % 3 == 0 ? nil : "billing/\(i)", updatedAt: dates[i % dates.count])
            let segments = texts.enumerated().map { HighlightSegment(text: $0.element, match: ($0.offset + i) % 2 == 0) }
            suggestions.append(
                SuggestionResponse(
                    solution: SolutionResponse(solution), score: score, match: i % 2 == 0 ? .strong : .partial,
                    strength: scores[(i + 3) % scores.count] / 1e3,
                    highlights: .init(title: Array(segments.prefix(i % 3)), snippet: Array(segments.suffix(i % 5)))))
        }
        for list in [SuggestionListResponse(suggestions: []), SuggestionListResponse(suggestions: suggestions)] {
            var json = JSONBytes()
            json.write(list)
            let expected = try APIJSON.encoder.encode(list)
            #expect(String(decoding: json.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }
}

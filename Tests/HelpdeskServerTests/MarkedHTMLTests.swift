import Mustache
import Testing

@testable import HelpdeskServer

/// The help centre inserts each result's title and excerpt as HTML made in Swift instead of a template section per
/// segment: it must be what the section rendered, escaping included, for any text.
@Suite("Highlights as HTML")
struct MarkedHTMLTests {
    /// The section the help page used to render, through the template engine.
    static let section = try! MustacheTemplate(
        string: "{{#segments}}{{#match}}<mark>{{text}}</mark>{{/match}}{{^match}}{{text}}{{/match}}{{/segments}}")

    static func rendered(_ segments: [HighlightSegment]) -> String {
        section.render(["segments": segments.map { ["text": $0.text, "match": $0.match] as [String: Any] }])
    }

    @Test("equals the template engine's rendering of the segments, byte for byte, whatever the text")
    func sameAsTheTemplate() {
        let pieces = [
            "Reset", " a ", "<script>alert('x')</script>", "&amp;", "\"quoted\"", "it's", "café", "naïve", "東京", "👩‍💻",
            "", " ", "a<b>c&d\"e'f", "&lt;", "\n\t", "Payout delayed", "…", "tail>",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let count = Int.random(in: 0...8, using: &generator)
            let segments = (0..<count).map { _ in
                HighlightSegment(text: pieces.randomElement(using: &generator)!, match: Bool.random(using: &generator))
            }
            #expect(ViewModels.markedHTML(segments) == Self.rendered(segments), "\(segments)")
        }
        // What a reader sees: the words marked, markup in a title shown as text, never run.
        let html = ViewModels.markedHTML([
            HighlightSegment(text: "Refund", match: true), HighlightSegment(text: " <b>not</b> issued", match: false),
        ])
        #expect(html == "<mark>Refund</mark> &lt;b&gt;not&lt;/b&gt; issued")
    }
}

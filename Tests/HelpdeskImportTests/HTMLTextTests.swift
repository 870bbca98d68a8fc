import Testing
import TestSupport
@testable import HelpdeskImport

@Suite struct HTMLTextTests {
    @Test func paragraphsBecomeBlankLineSeparatedBlocks() {
        // Given / When
        let text = HTMLText.text(ofHTML: "<p>First   line\nstill first.</p>\n<p>Second &amp; last.</p>")
        // Then
        #expect(text == "First line still first.\n\nSecond & last.")
    }

    @Test func codeBlocksAreKeptLineForLineAndIndented() {
        let html = "<p>Run:</p>\n<pre><code>make build\n  --verbose &lt;x&gt;\n\nmake test\n</code></pre>\n<p>Done.</p>"
        #expect(HTMLText.blocks(ofHTML: html) == ["Run:", "    make build\n      --verbose <x>\n\n    make test", "Done."])
    }

    @Test func linksKeepTheirTextAndEntitiesAreDecoded() {
        let html = "<p>See <a href=\"https://x.example/?a=1&amp;b=2\">the docs</a> &#8212; it&#39;s &quot;ok&quot;&nbsp;&#x1F600;</p>"
        #expect(HTMLText.text(ofHTML: html) == "See the docs \u{2014} it's \"ok\" \u{1F600}")
    }

    @Test func listsBecomeLines() {
        let html = "<p>Options:</p><ul>\n<li>Daedalus</li>\n<li>Yoroi <em>light</em></li>\n</ul><ol><li>one</li><li>two</li></ol>"
        #expect(HTMLText.blocks(ofHTML: html) == ["Options:", "- Daedalus\n- Yoroi light", "1. one\n2. two"])
    }

    @Test func lineBreaksHeadingsAndQuotes() {
        let html = "<h2>Title</h2><p>a<br>b</p><blockquote><p>quoted</p></blockquote><hr><p>end &lt; &unknown; &amp</p>"
        #expect(HTMLText.blocks(ofHTML: html) == ["Title", "a\nb", "> quoted", "end < &unknown; &"])
    }

    @Test func timestampsParse() {
        #expect(abs((ISODate.parse("2021-04-27T15:06:44.553")?.timeIntervalSince1970 ?? 0) - 1_619_536_004.553) < 1e-6)
        #expect(ISODate.parse("2026-03-14T09:26:05Z")?.timeIntervalSince1970 == 1_773_480_365)
        #expect(ISODate.parse("2026-03-14T10:26:05+01:00")?.timeIntervalSince1970 == 1_773_480_365)
        #expect(ISODate.parse("2026-03-14")?.timeIntervalSince1970 == 1_773_446_400)
        #expect(ISODate.parse("last Tuesday") == nil)
        #expect(ISODate.parse("2026-13-01") == nil)
    }

    @Test func firstTagOfBothTagSpellings() {
        #expect(StackExchangeImporter.firstTag("<cardano-node><sync>") == "cardano-node")
        #expect(StackExchangeImporter.firstTag("|staking|rewards|") == "staking")
        #expect(StackExchangeImporter.siteName(fromFolder: "/data/stackexchange-cardano") == "cardano")
        #expect(StackExchangeImporter.siteName(fromFolder: "/dumps/coffee.stackexchange.com/") == "coffee")
    }
}

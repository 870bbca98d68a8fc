import Foundation
import Testing

@testable import HelpdeskMail

@Suite struct InboundMessageTests {
    /// Parses `text` after rewriting its `\n` line endings as `\r\n` when `crlf` is set.
    private func parse(_ text: String, crlf: Bool = false) throws -> InboundMessage {
        let raw = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
        return try InboundMessage.parse(Array(raw.utf8))
    }

    private static let plain = """
        From: Ada Lovelace <Ada@Example.COM>
        To: help@desk.example
        Subject: Printer offline
        Message-ID: <abc.123@mail.example.com>

        Hello,
        the printer is offline.

        """

    // MARK: - Headers and bodies

    @Test("a plain text mail gives sender, subject, message id and text")
    func plainTextMail() throws {
        let message = try parse(Self.plain)
        #expect(message.from == "ada@example.com")
        #expect(message.recipients == ["help@desk.example"])
        #expect(message.subject == "Printer offline")
        #expect(message.messageID == "abc.123@mail.example.com")
        #expect(!message.isAutomatic)
        #expect(message.text == "Hello,\nthe printer is offline.\n")
    }

    @Test("CRLF and bare LF line endings parse the same")
    func crlfAndLF() throws {
        let lf = try parse(Self.plain)
        let crlf = try parse(Self.plain, crlf: true)
        #expect(lf == crlf)
        #expect(!crlf.text.contains("\r"))
    }

    @Test("a folded subject with B (UTF-8) and Q (ISO-8859-1) encoded words is decoded")
    func foldedEncodedSubject() throws {
        let message = try parse(
            """
            From: a@b.example
            subject: Re: =?UTF-8?B?R3LDvMOfZQ==?=
             =?ISO-8859-1?Q?_caf=E9_cr=E8me?= and
            \tmore

            body
            """, crlf: true)
        #expect(message.subject == "Re: Grüße café crème and\tmore")
    }

    @Test("a quoted-printable UTF-8 body with soft line breaks is decoded")
    func quotedPrintableBody() throws {
        let message = try parse(
            """
            From: a@b.example
            Content-Type: text/plain; charset="utf-8"
            Content-Transfer-Encoding: quoted-printable

            Gr=C3=BC=C3=9Fe, this line is long and has been wrapped by the sender so=
             it continues here. a=3Db
            Caf=C3=A9=
            """, crlf: true)
        let expected = "Grüße, this line is long and has been wrapped by the sender so it continues here. a=b\nCafé"
        #expect(message.text == expected)
    }

    @Test("a base64 body is decoded")
    func base64Body() throws {
        let text = String(repeating: "Grüße aus Köln, die Ablage ist voll.\n", count: 4)
        let encoded = Data(text.utf8).base64EncodedString(options: .lineLength76Characters)
        let message = try parse(
            "From: a@b.example\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: BASE64\r\n\r\n"
                + encoded + "\r\n")
        #expect(message.text == text)
    }

    @Test("multipart/alternative gives the text/plain part")
    func alternativePicksPlain() throws {
        let message = try parse(
            """
            From: a@b.example
            Content-Type: multipart/alternative; boundary="b1"

            preamble
            --b1
            Content-Type: text/html; charset=utf-8

            <p>HTML version</p>
            --b1
            Content-Type: text/plain; charset=utf-8

            Plain version
            --b1--
            epilogue
            """, crlf: true)
        #expect(message.text == "Plain version")
    }

    @Test("multipart/mixed finds text in a nested alternative and lists the attachments as files, decoded")
    func mixedWithAttachmentAndNestedAlternative() throws {
        let message = try parse(
            """
            From: a@b.example
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: text/plain; name="log.txt"
            Content-Disposition: attachment; filename="log.txt"

            attached log, not the body
            --outer
            Content-Type: multipart/alternative;
             boundary="inner"

            --inner
            Content-Type: text/plain; charset=us-ascii

            The real body
            --inner
            Content-Type: text/html

            <b>The real body</b>
            --inner--
            --outer
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --outer
            Content-Type: application/pgp-signature; name="signature.asc"

            -----BEGIN PGP SIGNATURE-----
            --outer--
            """)
        #expect(message.text == "The real body")
        // The named text file and the unnamed PDF are files; a signature is not
        #expect(message.attachments.map(\.fileName) == ["log.txt", "attachment-2.pdf"])
        #expect(message.attachments.first?.bytes == Array("attached log, not the body".utf8))
        #expect(message.attachments.last?.bytes == Array("%PDF-1.4\n".utf8))
        #expect(message.attachments.last?.contentType == "application/pdf")
    }

    @Test("a small inline image the HTML refers to is a signature's logo, not a file; a large one or an attached one is")
    func inlineLogosAreNotFiles() throws {
        let small = Data(repeating: 7, count: 2_000).base64EncodedString()
        let large = Data(repeating: 9, count: 40_000).base64EncodedString(options: .lineLength76Characters)
        let message = try parse(
            """
            From: a@b.example
            Content-Type: multipart/related; boundary=rel

            --rel
            Content-Type: text/html; charset=utf-8

            <p>See the screen</p><img src="cid:logo"><img src="cid:shot">
            --rel
            Content-Type: image/png; name="logo.png"
            Content-ID: <logo>
            Content-Transfer-Encoding: base64

            \(small)
            --rel
            Content-Type: image/png; name="screen.png"
            Content-ID: <shot>
            Content-Transfer-Encoding: base64

            \(large)
            --rel
            Content-Type: image/png; name="badge.png"
            Content-ID: <badge>
            Content-Disposition: attachment; filename="badge.png"
            Content-Transfer-Encoding: base64

            \(small)
            --rel--
            """)
        #expect(message.text.contains("See the screen"))
        #expect(message.attachments.map(\.fileName) == ["screen.png", "badge.png"])
        #expect(message.attachments.first?.bytes.count == 40_000)
    }

    @Test("an HTML-only mail is converted to text")
    func htmlOnly() throws {
        let message = try parse(
            """
            From: a@b.example
            Content-Type: text/html; charset=utf-8

            <html><head><title>T</title><style>p { color: red; }</style></head>
            <body><script>alert(1)</script><!-- note --><p>Hello&nbsp;there,</p>
            <div>Fish &amp; chips &lt;3 &quot;ok&quot; &#39;yes&#39; &#8364;&#x41;</div>
            <ul><li>one</li><li>two</li></ul>line<br>break<br/>end</body></html>
            """)
        #expect(message.text == "Hello there,\nFish & chips <3 \"ok\" 'yes' €A\none\ntwo\nline\nbreak\nend")
    }

    @Test("a windows-1252 body decodes curly quotes and the euro sign")
    func windows1252Body() throws {
        let head = Array("From: a@b.example\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n".utf8)
        let body: [UInt8] = [0x93] + Array("Quote".utf8) + [0x94] + Array(" costs 5".utf8) + [0x80, 0x20, 0xE9]
        let message = try InboundMessage.parse(head + body)
        #expect(message.text == "“Quote” costs 5€ é")
    }

    @Test("recipients come from To, Cc and Delivered-To, lowercased and once each")
    func recipients() throws {
        let message = try parse(
            """
            From: "Doe, Jane" <Jane@X.org>
            To: "Help, Desk" <Help@Desk.example>, Bob Smith <bob@x.org> (Bob),
             carol@x.org
            Cc: Team: dave@x.org, "Eve" <eve@x.org>;, undisclosed-recipients:;
            Delivered-To: help@desk.example
            X-Original-To: support+42@desk.example
            Envelope-To: =?UTF-8?Q?Jos=C3=A9?= <Jose@X.org>

            hi
            """)
        #expect(message.from == "jane@x.org")
        #expect(
            message.recipients == [
                "help@desk.example", "bob@x.org", "carol@x.org", "dave@x.org", "eve@x.org", "support+42@desk.example",
                "jose@x.org",
            ])
    }

    @Test("a missing or broken Message-ID gives nil")
    func messageID() throws {
        #expect(try parse("From: a@b.example\nMessage-ID:   <x@y>  \n\nhi").messageID == "x@y")
        #expect(try parse("From: a@b.example\n\nhi").messageID == nil)
        #expect(try parse("From: a@b.example\nMessage-ID: <>\n\nhi").messageID == nil)
        #expect(try parse("From: nobody\n\nhi").from == nil)
    }

    // MARK: - Automatic mail

    @Test("auto-replies, bulk mail, bounces and reports are automatic")
    func automaticMail() throws {
        let headers = [
            "Auto-Submitted: auto-replied", "Precedence: bulk", "Precedence: list", "Return-Path: < >",
            "X-Autoreply: yes", "Content-Type: multipart/report; report-type=delivery-status; boundary=x",
        ]
        for header in headers {
            let message = try parse("From: a@b.example\n\(header)\n\nbody")
            #expect(message.isAutomatic, "\(header)")
        }
    }

    @Test("Auto-Submitted: no and our own X-Auto-Response-Suppress are not automatic")
    func ordinaryMailIsNotAutomatic() throws {
        let message = try parse(
            "From: a@b.example\nAuto-Submitted: no\nX-Auto-Response-Suppress: All\nReturn-Path: <a@b.example>\n\nhi")
        #expect(!message.isAutomatic)
    }

    // MARK: - Errors and bounds

    @Test("too large input, missing headers and deep nesting are refused")
    func errors() throws {
        let huge = [UInt8](repeating: 65, count: InboundMessage.maximumBytes + 1)
        #expect(throws: InboundMessageError.tooLarge(bytes: huge.count)) { try InboundMessage.parse(huge) }
        #expect(throws: InboundMessageError.noHeaders) { try parse("just some text\nwithout a blank line") }
        #expect(throws: InboundMessageError.noHeaders) { try parse("\nbody only") }
        #expect(throws: InboundMessageError.noHeaders) { try InboundMessage.parse([]) }
        var deep = "From: a@b.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 1...50 { deep += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n" }
        deep += "--b50\nContent-Type: text/plain\n\ndeep\n"
        #expect(throws: InboundMessageError.tooDeep) { try parse(deep) }
        #expect(!InboundMessageError.tooDeep.description.isEmpty)
    }

    @Test("hostile input (long lines, many parts, odd bytes) parses without trapping")
    func hostileInput() throws {
        let longLine = "From: a@b.example\nSubject: " + String(repeating: "=?x?q?", count: 50_000) + "\n\n"
            + String(repeating: "=", count: 100_000) + String(repeating: "&#99999999999;<", count: 10_000)
        #expect(try parse(longLine).subject.hasPrefix("=?x?q?"))
        var many = "From: a@b.example\nContent-Type: multipart/mixed; boundary=m\n\n"
        for _ in 0..<5_000 { many += "--m\nContent-Type: image/png\n\nx\n" }
        many += "--m\nContent-Type: text/plain\n\nlate\n--m--\n"
        #expect(try parse(many).text == "", "parts after the first 100 are not considered")
        let html = "From: a@b.example\nContent-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n"
            + "<p>a < b &#x110000; &#; &bogus; <style>never closed"
        #expect(try parse(html).text == "a < b \u{FFFD} &#; &bogus;")
        let binary =
            Array("From: a@b.example\nContent-Type: text/plain; charset=x-unknown\n\n".utf8) + [0xFF, 0xFE, 0x41]
        #expect(try InboundMessage.parse(binary).text == "\u{FFFD}\u{FFFD}A")
    }

    // MARK: - Reply text

    @Test("the marker line and everything below it are dropped, with the attribution above it")
    func replyMarkerCut() {
        let text = """
            Thanks, that fixed it.

            On Tue, 2 Dec 2026 at 09:12, Helpdesk <help@desk.example> wrote:
            > ## reply above this line to answer on your request ##
            > Your request #42 has a new answer.
            """
        #expect(ReplyText.newText(text) == "Thanks, that fixed it.")
        #expect(ReplyText.newText("Fine\n\n" + ReplyText.marker + "\nold text") == "Fine")
    }

    @Test("a Gmail attribution, wrapped over two lines, and the quote below it are dropped")
    func replyGmailAttributionCut() {
        let text = """
            Yes, please close it.

            On Mon, 1 Dec 2026 at 10:00, Support Team <support@desk.example>
            wrote:

            > Can we close this request?
            >
            """
        #expect(ReplyText.newText(text) == "Yes, please close it.")
        let french =
            "Merci !\r\n\r\nLe lun. 1 déc. 2026 à 10:00, Support <s@d.example> a écrit\u{202F}:\r\n> Bonjour"
        #expect(ReplyText.newText(french) == "Merci !")
        let german = "Danke.\n\nAm 01.12.2026 um 10:00 schrieb Support <s@d.example>:\n> Hallo"
        #expect(ReplyText.newText(german) == "Danke.")
    }

    @Test("an Outlook header block or Original Message line and everything below are dropped")
    func replyOutlookBlockCut() {
        let outlook = """
            Still broken.

            ________________________________
            From: Support <support@desk.example>
            Sent: Monday, December 1, 2026 10:00 AM
            To: Ada <ada@example.com>
            Subject: Your request

            Please try again.
            """
        #expect(ReplyText.newText(outlook) == "Still broken.")
        #expect(ReplyText.newText("Ok\n-----Original Message-----\nFrom: x\nold") == "Ok")
    }

    @Test("the signature and a Sent from my iPhone line are dropped")
    func replySignatureAndMobileFooter() {
        #expect(ReplyText.newText("Works now.\n\nSent from my iPhone\n\n> old") == "Works now.")
        #expect(ReplyText.newText("Works now.\n-- \nAda Lovelace\nAnalytical Engines Ltd") == "Works now.")
        #expect(ReplyText.newText("  \n Works now. \nGet Outlook for iOS") == "Works now.")
    }

    @Test("the customer's own words that look like quoting rules are kept")
    func replyOwnWordsKept() {
        #expect(ReplyText.newText("Von meinem Konto wurden 50 Euro doppelt abgebucht.") == "Von meinem Konto wurden 50 Euro doppelt abgebucht.")
        #expect(ReplyText.newText("It fails.\nSent from my office PC the error shows every time.")
            == "It fails.\nSent from my office PC the error shows every time.")
        #expect(ReplyText.newText("Steps to reproduce:\n--\n1. open the app\n2. it crashes")
            == "Steps to reproduce:\n--\n1. open the app\n2. it crashes")
        #expect(ReplyText.newText("I got this mail:\nFrom: my manager\nDate: needed by Friday\nPlease fix the invoice asap.")
            == "I got this mail:\nFrom: my manager\nDate: needed by Friday\nPlease fix the invoice asap.")
        #expect(ReplyText.newText("My printer fails.\nOn Monday I wrote:") == "My printer fails.\nOn Monday I wrote:")
        #expect(ReplyText.newText("Works.\n\nVon meinem iPhone gesendet") == "Works.")
    }

    @Test("an HTML mail's blockquote is a quote: Gmail's answer without the marker keeps only the new words")
    func htmlBlockquoteIsQuoted() throws {
        let message = try parse(
            """
            From: a@b.example
            Content-Type: text/html; charset=utf-8

            <div>Thanks, fixed now.</div><div class="gmail_quote"><div>On Mon, 1 Dec 2026 at 10:00, Agent &lt;agent@care.test&gt; wrote:<br></div><blockquote>Your reset code is 1234<br>Regards</blockquote></div>
            """)
        #expect(message.text.contains("> Your reset code is 1234"))
        #expect(ReplyText.newText(message.text) == "Thanks, fixed now.")
    }

    @Test("the one sender must be beyond doubt: one From field, one address, ASCII, no address posing as a name")
    func ambiguousSendersAreNone() throws {
        func from(_ header: String) throws -> String? {
            try InboundMessage.parse(Array("\(header)\r\nTo: x@y.example\r\n\r\nHi\r\n".utf8), headersOnly: true).from
        }
        #expect(try from("From: Ada <ada@cust.test>") == "ada@cust.test")
        #expect(try from("From: \"Lovelace, Ada\" <ADA@cust.test>") == "ada@cust.test")
        #expect(try from("From: Zoë <zoe@cust.test>") == "zoe@cust.test")
        #expect(try from("From: \u{212A}ate@cust.test") == nil)  // the Kelvin sign folds into "k"
        #expect(try from("From: ada@cust.test\r\nFrom: eve@cust.test") == nil)
        #expect(try from("From: ada@cust.test, eve@cust.test") == nil)
        #expect(try from("From: \"eve\"@evil.test <ada@cust.test>") == nil)
        #expect(try from("From: <eve@evil.test:ada@cust.test>") == nil)
    }

    @Test("quoted lines followed by new text (an interleaved reply) are kept")
    func replyInterleavedKeepsInnerQuotes() {
        let text = """
            On Mon, 1 Dec 2026 at 10:00, Support <support@desk.example> wrote:
            > Which printer?
            The one on floor 2.
            > Since when?
            Since Monday.
            > Regards, Support
            """
        #expect(ReplyText.newText(text) == "> Which printer?\nThe one on floor 2.\n> Since when?\nSince Monday.")
    }

    @Test("a reply with nothing new gives an empty string")
    func replyEmpty() {
        #expect(ReplyText.newText("") == "")
        #expect(ReplyText.newText("\n\n> quoted only\n> more") == "")
        #expect(ReplyText.newText("On Mon, Support wrote:\n> hi\n-- \nsig") == "")
    }
}

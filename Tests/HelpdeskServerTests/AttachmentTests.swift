import Foundation
import HelpdeskCore
import HelpdeskMail
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// Files on new requests and replies, from the pages (multipart forms with the CSRF token) and the API (multipart with
/// a bearer token, or a session and its token in `X-CSRF-Token`): stored by content, typed by content, shown as
/// thumbnails or downloaded, only to those who may see the ticket, within the limits.
@Suite struct AttachmentTests {
    typealias Env = TestEnvironment
    typealias File = TestEnvironment.UploadFile

    /// A real 1×1 PNG.
    static let png = Array(
        hex: "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63908fdf0f0001de013e8aa58a610000000049454e44ae426082"
    )
    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    static let html = Array("<html><body><script>alert(document.cookie)</script></body></html>\n".utf8)
    static let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>"#.utf8)

    static let ticketFields = [
        ("subject", "Payout delayed"), ("description", "My payout has not arrived; screenshot attached."),
        ("categoryId", "shop-payments"), ("priority", "high"),
    ]

    /// The path of the newest ticket's page from a redirect.
    static func ticketId(redirect response: TestResponse) throws -> Int64 {
        let location = try #require(response.headers[.location])
        return try #require(Int64(location.split(separator: "/").last ?? ""))
    }

    /// The attachment links (`/tickets/N/attachments/M`) of a page, in order, without repeats.
    static func attachmentLinks(_ html: String) -> [String] {
        var links: [String] = []
        var rest = Substring(html)
        while let range = rest.range(of: #"/tickets/\d+/attachments/\d+"#, options: .regularExpression) {
            let link = String(rest[range])
            if !links.contains(link) { links.append(link) }
            rest = rest[range.upperBound...]
        }
        return links
    }

    // MARK: - Pages

    @Test func pageNewRequestWithFilesShowsThumbnailsAndDownloads() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Pat Files")
            // When the customer files a request with an image and a PDF through the page's form
            let created = try await env.upload(
                client, "/tickets", Self.ticketFields,
                files: [File(name: "screen shot.png", contentType: "image/png", bytes: Self.png), File(name: "invoice.pdf", bytes: Self.pdf)],
                as: customer)
            #expect(created.status == .seeOther)
            let id = try Self.ticketId(redirect: created)

            // Then the ticket page shows the image as a thumbnail and the PDF as a download link
            let page = String(buffer: try await env.page(client, "/tickets/\(id)", as: customer).body)
            let links = Self.attachmentLinks(page)
            try #require(links.count == 2)
            #expect(page.contains(#"<img class="thumb" src="\#(links[0])" alt="screen shot.png""#))
            #expect(page.contains(#"<a href="\#(links[1])" download>invoice.pdf</a>"#))
            #expect(!page.contains(#"src="\#(links[1])""#))

            // And the image is served inline with its sniffed type, the PDF as an attachment, both nosniff
            let image = try await env.page(client, links[0], as: customer)
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[.contentDisposition]?.hasPrefix("inline;") == true)
            #expect(Array(image.body.readableBytesView) == Self.png)
            let document = try await env.page(client, links[1], as: customer)
            #expect(document.headers[.contentType] == "application/pdf")
            #expect(document.headers[.contentDisposition] == #"attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf"#)
            #expect(document.headers[.xContentTypeOptions] == "nosniff")
            #expect(document.headers[.contentSecurityPolicy]?.contains("sandbox") == true)

            // And the files are stored by content under the attachment folder
            let detail = try await env.database.ticketDetail(id: id, for: customer.user!)
            #expect(detail.attachments.map(\.fileName) == ["screen shot.png", "invoice.pdf"])
            #expect(detail.attachments.allSatisfy { $0.messageId == nil })
            for attachment in detail.attachments {
                let path = env.attachmentFolder + "/" + attachment.sha256.prefix(2) + "/" + attachment.sha256
                #expect(FileManager.default.fileExists(atPath: path))
            }
            #expect((try FileManager.default.contentsOfDirectory(atPath: env.attachmentFolder + "/incoming")).isEmpty)

            // And the "received" mail links to them
            let mail = try #require(try await env.database.outbox(recipient: customer.user!.email).last { $0.kind == .ticketReceived })
            #expect(mail.body.contains("screen shot.png"))
            let rendered = MailTemplates(baseURL: "http://care.test").render(mail)
            #expect(rendered.links.contains("http://care.test\(links[0])"))
            #expect(rendered.html.contains(#"href="http://care.test\#(links[1])""#))
        }
    }

    @Test func pageRepliesCarryFilesAndMailsLinkThem() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Robin Reply")
            let admin = try await env.admin(client)
            let agent = try await env.agent(client, name: "Ada Agent")
            let id = try await env.ticket(client, by: customer)
            _ = try await env.database.assign(ticketId: id, to: agent.user!.requiredID, by: admin.user!)

            // When the customer replies with a log file, the agent with an image, and the agent notes with a PDF
            let customerReply = try await env.upload(
                client, "/tickets/\(id)/reply", [("body", "Here is the log.")],
                files: [File(name: "app.log", contentType: "text/plain", bytes: Array("line 1\nline 2\n".utf8))], as: customer)
            #expect(customerReply.status == .seeOther)
            let agentReply = try await env.upload(
                client, "/agent/tickets/\(id)/reply", [("body", "See the marked field.")],
                files: [File(name: "field.png", bytes: Self.png)], as: agent)
            #expect(agentReply.status == .seeOther)
            let note = try await env.upload(
                client, "/agent/tickets/\(id)/reply", [("body", "Bank statement, staff only."), ("internal", "on")],
                files: [File(name: "statement.pdf", bytes: Self.pdf)], as: agent)
            #expect(note.status == .seeOther)

            // Then each file belongs to its message
            let staffDetail = try await env.database.ticketDetail(id: id, for: admin.user!)
            #expect(staffDetail.messages.count == 3)
            #expect(staffDetail.attachments.map(\.fileName) == ["app.log", "field.png", "statement.pdf"])
            #expect(staffDetail.attachments.map(\.messageId) == staffDetail.messages.map(\.id))
            #expect(staffDetail.attachments.map(\.contentType) == ["text/plain", "image/png", "application/pdf"])
            let paths = staffDetail.attachments.map(\.path)

            // And the customer's page shows their file and the agent's image, not the note's file, which answers 404
            let customerPage = String(buffer: try await env.page(client, "/tickets/\(id)", as: customer).body)
            #expect(Self.attachmentLinks(customerPage) == [paths[0], paths[1]])
            #expect(customerPage.contains(#"<img class="thumb" src="\#(paths[1])""#))
            #expect(try await env.page(client, paths[2], as: customer).status == .notFound)
            #expect(try await env.page(client, "/api/v1" + paths[2], as: customer).status == .notFound)
            // And the agent's page shows all three, and the agent may fetch the note's file
            let agentPage = String(buffer: try await env.page(client, "/agent/tickets/\(id)", as: agent).body)
            #expect(Self.attachmentLinks(agentPage) == paths)
            #expect(try await env.page(client, paths[2], as: agent).status == .ok)

            // And the mails about the replies link to their files
            let toAgent = try #require(try await env.database.outbox(recipient: agent.user!.email).last { $0.kind == .customerReplied })
            #expect(toAgent.payloadValues[AppDatabase.attachmentPathsKey] == paths[0])
            #expect(MailTemplates(baseURL: "http://care.test").render(toAgent).text.contains("app.log (14 bytes): http://care.test\(paths[0])"))
            let toCustomer = try #require(try await env.database.outbox(recipient: customer.user!.email).last { $0.kind == .agentReplied })
            #expect(toCustomer.payloadValues[AppDatabase.attachmentPathsKey] == paths[1])
            #expect(MailTemplates(baseURL: "http://care.test").render(toCustomer).links.contains("http://care.test\(paths[1])"))
            #expect(!toCustomer.body.contains("statement.pdf"))
        }
    }

    @Test func formWithoutChosenFilesStillWorks() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "No Files")
            // A file input with nothing chosen sends a part with an empty file name and no content
            let created = try await env.upload(
                client, "/tickets", Self.ticketFields, files: [File(name: "", bytes: [])], as: customer)
            #expect(created.status == .seeOther)
            let id = try Self.ticketId(redirect: created)
            #expect(try await env.database.ticketDetail(id: id, for: customer.user!).attachments.isEmpty)
            // The same form without its CSRF token is refused, and stores nothing
            var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(Env.boundary)", .cookie: customer.cookie!]
            headers[.accept] = "text/html"
            let forged = try await client.execute(
                uri: "/tickets", method: .post, headers: headers,
                body: Env.multipartBody(Self.ticketFields, files: [File(name: "a.png", bytes: Self.png)], boundary: Env.boundary))
            #expect(forged.status == .forbidden)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: env.attachmentFolder + "/incoming")) ?? []
            #expect(leftovers.isEmpty)
        }
    }

    // MARK: - API

    @Test func apiNewRequestAndReplyWithFiles() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Api Files")
            let token = try await env.apiToken(client, for: customer)
            // When a script files a request with a screenshot
            let created = try await env.apiUpload(
                client, "/api/v1/tickets", Self.ticketFields, files: [File(name: "shot.png", bytes: Self.png)], bearer: token,
                as: .anonymous)
            #expect(created.status == .created)
            let id = try #require((try Env.json(created)["id"] as? NSNumber)?.int64Value)

            // And replies with a text file (the internal flag as a form field)
            let reply = try await env.apiUpload(
                client, "/api/v1/tickets/\(id)/messages", [("body", "Logs attached."), ("internal", "false")],
                files: [File(name: "trace.txt", bytes: Array("GET /pay 500\n".utf8))], bearer: token, as: .anonymous)
            #expect(reply.status == .created)
            let message = try Env.json(reply)
            let files = try #require(message["attachments"] as? [[String: Any]])
            #expect(files.count == 1)
            #expect(files.first?["fileName"] as? String == "trace.txt")
            #expect(files.first?["contentType"] as? String == "text/plain")
            #expect(files.first?["isImage"] as? Bool == false)

            // Then the ticket lists the request's file, and the message's under the message
            let detail = try Env.json(try await env.api(client, .get, "/api/v1/tickets/\(id)", as: customer))
            let requestFiles = try #require(detail["attachments"] as? [[String: Any]])
            #expect(requestFiles.map { $0["fileName"] as? String } == ["shot.png"])
            #expect(requestFiles.first?["isImage"] as? Bool == true)
            let thread = try #require(detail["messages"] as? [[String: Any]])
            #expect((thread.first?["attachments"] as? [[String: Any]])?.count == 1)

            // And each URL serves the bytes, with the bearer token or the session
            let url = try #require(requestFiles.first?["url"] as? String)
            let fetched = try await env.api(client, .get, url, headers: [.authorization: "Bearer \(token)"], as: .anonymous)
            #expect(fetched.status == .ok)
            #expect(Array(fetched.body.readableBytesView) == Self.png)
            let textURL = try #require(files.first?["url"] as? String)
            let text = try await env.api(client, .get, textURL, as: customer)
            #expect(text.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(text.headers[.contentDisposition]?.hasPrefix(#"attachment; filename="trace.txt""#) == true)
            #expect(String(buffer: text.body) == "GET /pay 500\n")
        }
    }

    @Test func apiMultipartFromABrowserSessionNeedsTheCSRFHeader() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Session Upload")
            let files = [File(name: "a.png", bytes: Self.png)]
            let forged = try await env.apiUpload(client, "/api/v1/tickets", Self.ticketFields, files: files, csrfHeader: nil, as: customer)
            #expect(forged.status == .forbidden)
            let wrong = try await env.apiUpload(client, "/api/v1/tickets", Self.ticketFields, files: files, csrfHeader: "nope", as: customer)
            #expect(wrong.status == .forbidden)
            let created = try await env.apiUpload(client, "/api/v1/tickets", Self.ticketFields, files: files, as: customer)
            #expect(created.status == .created)
            // Other API writes still take JSON only
            let other = try await env.apiUpload(client, "/api/v1/suggestions", [("text", "payout")], files: [], as: customer)
            #expect(other.status == .unsupportedMediaType)
            // Anonymous callers are asked to sign in
            let anonymous = try await env.apiUpload(client, "/api/v1/tickets", Self.ticketFields, files: files, as: .anonymous)
            #expect(anonymous.status == .unauthorized)
        }
    }

    // MARK: - Types

    @Test func theTypeComesFromTheContentNotTheName() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Lying Names")
            let created = try await env.upload(
                client, "/tickets", Self.ticketFields,
                files: [
                    File(name: "cat.png", contentType: "image/png", bytes: Self.html),
                    File(name: "logo.svg", contentType: "image/svg+xml", bytes: Self.svg),
                    File(name: "notes.txt", contentType: "text/plain", bytes: Self.png),
                    File(name: "blob.png", contentType: "image/png", bytes: [0x00, 0x01, 0x02, 0xFF]),
                ],
                as: customer)
            #expect(created.status == .seeOther)
            let id = try Self.ticketId(redirect: created)
            let detail = try await env.database.ticketDetail(id: id, for: customer.user!)
            #expect(detail.attachments.map(\.contentType) == ["text/plain", "text/plain", "image/png", "application/octet-stream"])

            // The HTML named .png is a plain-text download, never inline, never an image on the page
            let page = String(buffer: try await env.page(client, "/tickets/\(id)", as: customer).body)
            let paths = detail.attachments.map(\.path)
            #expect(!page.contains(#"src="\#(paths[0])""#) && !page.contains(#"src="\#(paths[1])""#))
            #expect(page.contains(#"<img class="thumb" src="\#(paths[2])" alt="notes.txt""#))
            for path in [paths[0], paths[1], paths[3]] {
                let response = try await env.page(client, path, as: customer)
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment;") == true, "\(path)")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == false)
                #expect(response.headers[.contentType]?.contains("svg") == false)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")
            }
            #expect(try await env.page(client, paths[0], as: customer).headers[.contentType] == "text/plain; charset=utf-8")
        }
    }

    @Test func fileNamesAreSanitisedAndBounded() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Odd Names")
            let long = String(repeating: "ä", count: 400) + ".pdf"
            let created = try await env.upload(
                client, "/tickets", Self.ticketFields,
                files: [
                    // Browsers send `"` as %22 in a file name.
                    File(name: #"..\..\etc\pass%22wd;.pdf"#, bytes: Self.pdf),
                    File(name: long, bytes: Self.pdf),
                    File(name: "r\u{e9}sum\u{e9}.pdf", bytes: Self.pdf),
                ],
                as: customer)
            #expect(created.status == .seeOther)
            let id = try Self.ticketId(redirect: created)
            let names = try await env.database.ticketDetail(id: id, for: customer.user!).attachments.map(\.fileName)
            #expect(names[0] == #"pass"wd;.pdf"#)
            #expect(names[1].count == AttachmentLimits.maxFileNameLength && names[1].hasSuffix(".pdf"))
            #expect(names[2] == "résumé.pdf")
            let paths = try await env.database.ticketDetail(id: id, for: customer.user!).attachments.map(\.path)
            let first = try await env.page(client, paths[0], as: customer)
            #expect(first.headers[.contentDisposition] == #"attachment; filename="pass_wd_.pdf"; filename*=UTF-8''pass%22wd%3B.pdf"#)
            let accented = try await env.page(client, paths[2], as: customer)
            #expect(accented.headers[.contentDisposition] == #"attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"#)
        }
    }

    // MARK: - Who may fetch

    @Test func othersAndAnonymousGetNothing() async throws {
        try await Env.run { client, env in
            let owner = try await env.customer(client, name: "Owner Olga")
            let other = try await env.customer(client, name: "Other Otto")
            let agent = try await env.agent(client, name: "Idle Agent")
            let holder = try await env.agent(client, name: "Holding Agent")
            let admin = try await env.admin(client)
            let token = try await env.apiToken(client, for: other)
            let created = try await env.upload(
                client, "/tickets", Self.ticketFields, files: [File(name: "private.pdf", bytes: Self.pdf)], as: owner)
            let id = try Self.ticketId(redirect: created)
            _ = try await env.database.assign(ticketId: id, to: holder.user!.requiredID, by: admin.user!)
            let path = try #require(try await env.database.ticketDetail(id: id, for: owner.user!).attachments.first?.path)
            let ghost = path.replacingOccurrences(of: #"attachments/\d+"#, with: "attachments/999999", options: .regularExpression)

            for caller in [other, agent] {
                let page = try await env.page(client, path, as: caller)
                #expect(page.status == .notFound, "\(caller.name) page")
                #expect(!String(buffer: page.body).contains("PDF"))
                let api = try await env.api(client, .get, "/api/v1" + path, as: caller)
                #expect(api.status == .notFound, "\(caller.name) API")
                // The same answer as a file that does not exist
                let missing = try await env.api(client, .get, "/api/v1" + ghost, as: caller)
                #expect(String(buffer: missing.body).replacingOccurrences(of: "999999", with: path.split(separator: "/").last.map(String.init)!)
                        == String(buffer: api.body))
            }
            #expect(try await env.api(client, .get, "/api/v1" + path, headers: [.authorization: "Bearer \(token)"], as: .anonymous).status == .notFound)
            // The file of one ticket is not served under another ticket's address, not even the caller's own
            let own = try await env.ticket(client, by: other)
            let crossed = path.replacingOccurrences(of: "/tickets/\(id)/", with: "/tickets/\(own)/")
            #expect(try await env.page(client, crossed, as: other).status == .notFound)
            // Anonymous visitors: 401 from the API, the login page for a page (as every signed-in page)
            #expect(try await env.api(client, .get, "/api/v1" + path, as: .anonymous).status == .unauthorized)
            let anonymous = try await env.page(client, path, as: .anonymous)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location]?.hasPrefix("/login?next=") == true)
            #expect(!String(buffer: anonymous.body).contains("PDF"))
            // Malformed ids are simply not found
            #expect(try await env.page(client, "/tickets/\(id)/attachments/abc", as: owner).status == .notFound)
            #expect(try await env.page(client, "/tickets/\(id)/attachments/-1", as: owner).status == .notFound)
            for caller in [owner, holder, admin] {
                #expect(try await env.page(client, path, as: caller).status == .ok, "\(caller.name)")
            }
        }
    }

    // MARK: - Limits

    static var smallLimits: TestArguments {
        var arguments = TestArguments()
        arguments.attachmentLimits = AttachmentLimits(maxFileBytes: 1000, maxMessageBytes: 2500, maxFiles: 3)
        return arguments
    }

    @Test func tooLargeIsRefusedWith413NamingTheFile() async throws {
        try await Env.run(Self.smallLimits) { client, env in
            let customer = try await env.customer(client, name: "Big Files")
            let token = try await env.apiToken(client, for: customer)
            let big = File(name: "huge-scan.pdf", bytes: Self.pdf + Array(repeating: 0x20, count: 1000))
            // The API answers 413 with the error shape, naming the field and the file; nothing is filed
            let refused = try await env.apiUpload(client, "/api/v1/tickets", Self.ticketFields, files: [big], bearer: token, as: .anonymous)
            #expect(refused.status == .contentTooLarge)
            let error = try #require(try Env.json(refused)["error"] as? [String: Any])
            #expect(error["code"] as? String == "payloadTooLarge")
            #expect(error["field"] as? String == "attachments")
            #expect((error["message"] as? String)?.contains("huge-scan.pdf") == true)
            #expect((error["message"] as? String)?.contains("1000 bytes") == true)
            #expect(try await env.database.tickets(for: customer.user!).total == 0)

            // Several files within the file limit but past the message limit together
            let parts = (1...3).map { File(name: "part\($0).pdf", bytes: Self.pdf + Array(repeating: 0x20, count: 850)) }
            let together = try await env.apiUpload(client, "/api/v1/tickets", Self.ticketFields, files: parts, bearer: token, as: .anonymous)
            #expect(together.status == .contentTooLarge)
            #expect((try Env.json(together)["error"] as? [String: Any])?["message"] as? String
                    == "part3.pdf: the files of one message may not exceed 2.4 KiB together.")

            // The page shows the form again, with what was typed and the file named beside the field
            let page = try await env.upload(client, "/tickets", Self.ticketFields, files: [big], as: customer)
            #expect(page.status == .contentTooLarge)
            let html = String(buffer: page.body)
            #expect(html.contains("huge-scan.pdf is larger than 1000 bytes."))
            #expect(html.contains(#"class="field-error">huge-scan.pdf"#))
            #expect(html.contains(#"value="Payout delayed""#))
            #expect(try await env.database.tickets(for: customer.user!).total == 0)

            // A reply with too large a file shows the ticket page again, the words kept; no message is added
            let id = try await env.ticket(client, by: customer)
            let reply = try await env.upload(client, "/tickets/\(id)/reply", [("body", "Scan attached")], files: [big], as: customer)
            #expect(reply.status == .contentTooLarge)
            let replyPage = String(buffer: reply.body)
            #expect(replyPage.contains("huge-scan.pdf is larger than 1000 bytes."))
            #expect(replyPage.contains(">Scan attached</textarea>"))
            #expect(try await env.database.messages(ticketId: id, for: customer.user!).isEmpty)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: env.attachmentFolder + "/incoming")) ?? []
            #expect(leftovers.isEmpty)
        }
    }

    @Test func emptyFilesAndTooManyFilesAreRefused() async throws {
        try await Env.run(Self.smallLimits) { client, env in
            let customer = try await env.customer(client, name: "Few Files")
            let token = try await env.apiToken(client, for: customer)
            let id = try await env.ticket(client, by: customer)
            // An empty file with a name: 422 naming the field and the file
            let empty = try await env.apiUpload(
                client, "/api/v1/tickets/\(id)/messages", [("body", "See file")], files: [File(name: "empty.txt", bytes: [])],
                bearer: token, as: .anonymous)
            #expect(empty.status == .unprocessableContent)
            let error = try #require(try Env.json(empty)["error"] as? [String: Any])
            #expect(error["field"] as? String == "attachments")
            #expect(error["message"] as? String == "empty.txt is empty.")
            // More files than allowed: 422
            let many = (1...4).map { File(name: "f\($0).png", bytes: Self.png) }
            let tooMany = try await env.apiUpload(
                client, "/api/v1/tickets/\(id)/messages", [("body", "See files")], files: many, bearer: token, as: .anonymous)
            #expect(tooMany.status == .unprocessableContent)
            #expect((try Env.json(tooMany)["error"] as? [String: Any])?["message"] as? String == "Attach at most 3 files to one message.")
            // Files without a name count too (only an empty, unnamed part is an unused file input)
            let unnamed = (1...4).map { File(name: "", bytes: Array("content \($0)".utf8)) }
            let tooManyUnnamed = try await env.apiUpload(
                client, "/api/v1/tickets/\(id)/messages", [("body", "See files")], files: unnamed + [File(name: "", bytes: [])],
                bearer: token, as: .anonymous)
            #expect(tooManyUnnamed.status == .unprocessableContent)
            #expect(
                (try Env.json(tooManyUnnamed)["error"] as? [String: Any])?["message"] as? String == "Attach at most 3 files to one message.")
            // On the page: the ticket page again, naming the problem
            let page = try await env.upload(client, "/tickets/\(id)/reply", [("body", "Files")], files: many, as: customer)
            #expect(page.status == .unprocessableContent)
            #expect(String(buffer: page.body).contains("Attach at most 3 files to one message."))
            // Nothing was added, nothing is left in the staging folder
            #expect(try await env.database.messages(ticketId: id, for: customer.user!).isEmpty)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: env.attachmentFolder + "/incoming")) ?? []
            #expect(leftovers.isEmpty)
            // Three are fine
            let three = try await env.apiUpload(
                client, "/api/v1/tickets/\(id)/messages", [("body", "Three")], files: Array(many.prefix(3)), bearer: token,
                as: .anonymous)
            #expect(three.status == .created)
        }
    }

    @Test func malformedMultipartBodiesAreBadRequests() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Broken Forms")
            let token = try await env.apiToken(client, for: customer)
            func post(_ contentType: String, _ body: String) async throws -> TestResponse {
                try await env.api(
                    client, .post, "/api/v1/tickets", rawBody: body, contentType: contentType,
                    headers: [.authorization: "Bearer \(token)"], as: .anonymous)
            }
            #expect(try await post("multipart/form-data", "--x\r\n").status == .badRequest)
            #expect(try await post("multipart/form-data; boundary=\(String(repeating: "b", count: 71))", "").status == .badRequest)
            #expect(try await post("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nHi")
                .status == .badRequest)
            #expect(try await post("multipart/form-data; boundary=x", "--x\r\nbad header line\r\n\r\nHi\r\n--x--\r\n").status == .badRequest)
            let longHeader = "--x\r\nContent-Disposition: form-data; name=\"a\"; filename=\"\(String(repeating: "n", count: 9000))\"\r\n\r\nHi\r\n--x--\r\n"
            #expect(try await post("multipart/form-data; boundary=x", longHeader).status == .badRequest)
            let missing = try await post(
                "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nHi\r\n--x--\r\n")
            #expect(missing.status == .badRequest)
            #expect((try Env.json(missing)["error"] as? [String: Any])?["field"] as? String == "description")
            #expect(try await env.database.tickets(for: customer.user!).total == 0)
        }
    }
}

extension Array where Element == UInt8 {
    /// Bytes from hex digits.
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self = bytes
    }
}

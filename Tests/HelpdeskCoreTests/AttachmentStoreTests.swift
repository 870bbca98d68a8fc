import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Attachments: sniffing, the content-addressed store, visibility")
struct AttachmentStoreTests {
    @Test(
        "the type comes from the first bytes",
        arguments: [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "image/png"),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0, 16], "image/jpeg"),
            (Array("GIF89a\u{1}\u{0}".utf8), "image/gif"),
            (Array("GIF87a".utf8), "image/gif"),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), "image/webp"),
            (Array("%PDF-1.7\n".utf8), "application/pdf"),
            ([0x50, 0x4B, 0x03, 0x04, 20, 0], "application/zip"),
            ([0x1F, 0x8B, 8, 0], "application/gzip"),
            (Array("Hello,\tworld\r\n".utf8), "text/plain"),
            (Array("grüße, 日本\n".utf8), "text/plain"),
            (Array("<svg onload=alert(1)>".utf8), "text/plain"),
            (Array("<!DOCTYPE html><script>".utf8), "text/plain"),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8), "application/octet-stream"),
            ([0x00, 0x01, 0x02], "application/octet-stream"),
            ([0xC3], "application/octet-stream"),
            ([0xFF, 0xFE, 0x41, 0x00], "application/octet-stream"),
        ] as [([UInt8], String)]
    )
    func sniffing(bytes: [UInt8], type: String) {
        #expect(ContentSniffer.sniff(bytes, isComplete: true) == type)
    }

    @Test("a UTF-8 character cut by the end of the head is still text, unless it ends the file")
    func cutCharacter() {
        let head = Array(repeating: UInt8(ascii: "a"), count: 511) + [0xC3]
        #expect(ContentSniffer.sniff(head, isComplete: false) == "text/plain")
        #expect(ContentSniffer.sniff(head, isComplete: true) == "application/octet-stream")
        #expect(ContentSniffer.isImage("image/png") && !ContentSniffer.isImage("text/plain") && !ContentSniffer.isImage("image/svg+xml"))
    }

    @Test("file names keep their last component, lose control characters, and are bounded")
    func fileNames() {
        #expect(AttachmentStore.sanitisedFileName("C:\\Users\\me\\report.pdf") == "report.pdf")
        #expect(AttachmentStore.sanitisedFileName("../../etc/passwd") == "passwd")
        #expect(AttachmentStore.sanitisedFileName("a\u{0}b\u{202E}c\n.txt") == "abc.txt")
        #expect(AttachmentStore.sanitisedFileName("..hidden") == "hidden")
        #expect(AttachmentStore.sanitisedFileName("   ") == "attachment")
        #expect(AttachmentStore.sanitisedFileName("") == "attachment")
        let long = AttachmentStore.sanitisedFileName(String(repeating: "x", count: 1000) + ".tar.gz")
        #expect(long.count == AttachmentLimits.maxFileNameLength && long.hasSuffix(".gz"))
    }

    @Test("sizes in options and in messages")
    func sizes() {
        #expect(AttachmentLimits.byteCount("10M") == 10 << 20)
        #expect(AttachmentLimits.byteCount("512k") == 512 << 10)
        #expect(AttachmentLimits.byteCount("25MiB") == 25 << 20)
        #expect(AttachmentLimits.byteCount("1048576") == 1 << 20)
        for bad in ["", "0", "-1", "1G", "2000M", "ten", "1.5M"] { #expect(AttachmentLimits.byteCount(bad) == nil, "\(bad)") }
        #expect(AttachmentLimits.describe(10 << 20) == "10 MiB")
        #expect(AttachmentLimits.describe(1536) == "1.5 KiB")
        #expect(AttachmentLimits.describe(1) == "1 byte")
    }

    @Test("files are stored under their SHA-256, once, and orphans are removed")
    func store() throws {
        // Given a store in a fresh folder
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = AttachmentStore(folder: folder.path, limits: AttachmentLimits(maxFileBytes: 8))
        // When the same bytes arrive twice, in pieces
        func receive(_ name: String, _ chunks: [String]) throws -> StagedAttachment {
            let writer = try store.receive(fileName: name)
            for chunk in chunks { try Array(chunk.utf8).withUnsafeBytes { try writer.write($0) } }
            return try writer.finish()
        }
        let first = try receive("a.txt", ["hel", "lo"])
        let second = try receive("b.txt", ["hello"])
        // Then they hash alike (SHA-256 of "hello") and are typed as text
        #expect(first.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(first.sha256 == second.sha256 && first.contentType == "text/plain" && first.size == 5)
        // And committing both leaves one file in place and nothing staged
        let stored = try store.commit([first, second])
        #expect(stored.map(\.fileName) == ["a.txt", "b.txt"])
        let path = try #require(store.existingPath(sha256: first.sha256))
        #expect(path == folder.path + "/2c/" + first.sha256)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/incoming").isEmpty)
        #expect(store.existingPath(sha256: "../../etc/passwd") == nil)

        // And a file past the limit is counted but not kept
        let big = try store.receive(fileName: "big.bin")
        try Array("123456789".utf8).withUnsafeBytes { try big.write($0) }
        #expect(big.isTooLarge && big.size == 9)
        big.abandon()

        // And orphans go only when old enough and not referenced
        let orphan = try store.commit([try receive("c.txt", ["orphan"])])[0]
        #expect(store.removeOrphans(referenced: [first.sha256], olderThan: Date().addingTimeInterval(-3600)) == 0)
        #expect(store.removeOrphans(referenced: [first.sha256], olderThan: Date().addingTimeInterval(60)) == 1)
        #expect(store.existingPath(sha256: orphan.sha256) == nil)
        #expect(store.existingPath(sha256: first.sha256) != nil)
    }

    @Test("a file is fetched by who sees its ticket and its message; merges carry the files along")
    func visibility() async throws {
        // Given a ticket with a file, a customer reply with a file and an internal note with a file
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = AttachmentStore(folder: folder.path)
        func file(_ name: String, _ text: String) throws -> [StoredAttachment] {
            let writer = try store.receive(fileName: name)
            try Array(text.utf8).withUnsafeBytes { try writer.write($0) }
            return try store.commit([try writer.finish()])
        }
        let f = try await Fixture.make()
        let customer = try await f.customer()
        let admin = try await f.admin()
        let agent = try await f.agent(by: admin)
        let other = try await f.customer("Bob")
        let ticket = try await f.db.createTicket(
            by: customer, subject: "Printer offline", description: "See the photo", attachments: try file("photo.txt", "photo"))
        let id = ticket.requiredID
        try await f.db.take(ticketId: id, by: agent)
        try await f.db.reply(to: id, by: customer, body: "Log", attachments: try file("log.txt", "log"))
        try await f.db.reply(to: id, by: agent, body: "Note", internalNote: true, attachments: try file("note.txt", "note"))
        let all = try await f.db.ticketDetail(id: id, for: agent).attachments
        #expect(all.map(\.fileName) == ["photo.txt", "log.txt", "note.txt"])
        let (photo, log, note) = (all[0].requiredID, all[1].requiredID, all[2].requiredID)

        // Then the customer gets the first two, not the note's; another customer none; a missing id none
        #expect(try await f.db.ticketDetail(id: id, for: customer).attachments.map(\.fileName) == ["photo.txt", "log.txt"])
        _ = try await f.db.attachment(id: photo, ticketId: id, for: customer)
        _ = try await f.db.attachment(id: log, ticketId: id, for: customer)
        await expectFailure(.notFound) { try await f.db.attachment(id: note, ticketId: id, for: customer) }
        await expectFailure(.notFound) { try await f.db.attachment(id: photo, ticketId: id, for: other) }
        await expectFailure(.notFound) { try await f.db.attachment(id: 999, ticketId: id, for: admin) }
        _ = try await f.db.attachment(id: note, ticketId: id, for: agent)

        // When the ticket is merged into another of the customer's
        let target = try await f.db.createTicket(by: customer, subject: "Printer again", description: "Still offline")
        try await f.db.take(ticketId: target.requiredID, by: agent)
        try await f.db.merge(ticketId: id, into: target.requiredID, by: agent)
        // Then the files belong to the target, the request's to the note that quotes it, and old addresses still work
        let moved = try await f.db.ticketDetail(id: target.requiredID, for: customer)
        #expect(moved.attachments.map(\.fileName) == ["photo.txt", "log.txt"])
        let quote = try #require(moved.messages.first { $0.kind == .system && $0.body.contains("See the photo") })
        #expect(moved.attachments.first?.messageId == quote.id)
        #expect(try await f.db.attachment(id: photo, ticketId: id, for: customer).ticketId == target.id)
        #expect(try await f.db.attachment(id: photo, ticketId: target.requiredID, for: customer).ticketId == target.id)
        await expectFailure(.notFound) { try await f.db.attachment(id: note, ticketId: target.requiredID, for: customer) }
        #expect(try await f.db.attachmentDigests().count == 3)
    }
}

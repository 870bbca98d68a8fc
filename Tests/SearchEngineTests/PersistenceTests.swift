import Foundation
import Testing
@testable import SearchEngine

@Suite("Snapshots on disk")
struct PersistenceTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ccr-\(UUID().uuidString).idx").path
    }

    func makeIndex() -> SearchIndex {
        var random = RandomCorpus(seed: 5)
        let index = SearchIndex(automaticMerges: false)
        index.apply((0..<300).map { .upsert(random.document(id: "d\($0)", filters: ["a", "b"])) }, checkpoint: 10)
        index.apply((300..<400).map { .upsert(random.document(id: "d\($0)", filters: ["a"])) } + [.delete(id: "d7")], checkpoint: 11)
        return index
    }

    @Test("A saved snapshot opens with the same answers, checkpoint and configuration")
    func roundTrip() throws {
        let index = makeIndex()
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try index.save(to: path)
        let loaded = try SearchIndex(contentsOf: path)
        #expect(loaded.checkpoint == 11)
        #expect(loaded.documentCount == 399)
        #expect(loaded.configuration.fields == index.configuration.fields)
        #expect(!loaded.contains(id: "d7"))
        var random = RandomCorpus(seed: 6)
        for _ in 0..<10 {
            let q = random.text(words: 5...25)
            #expect(loaded.search(SearchRequest(text: q, k: 10, filter: "a")) == index.search(SearchRequest(text: q, k: 10, filter: "a")))
        }
        // And it keeps working as a live index.
        loaded.upsert(Document(id: "new", fields: ["title": "zebra crossing"]))
        #expect(loaded.search(SearchRequest(text: "zebra")).map(\.id) == ["new"])
    }

    @Test("A snapshot opened and saved again is the same file, byte for byte")
    func resaveIsIdentical() throws {
        // Given a saved snapshot with filter values, ids out of order, several segments and a deletion
        let path = temporaryPath()
        let again = temporaryPath()
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: again)
        }
        try makeIndex().save(to: path)
        // When it is opened and saved again
        try SearchIndex(contentsOf: path, automaticMerges: false).save(to: again)
        // Then the two files are equal
        #expect(try SnapshotFile.readFile(again) == SnapshotFile.readFile(path))
    }

    @Test("A truncated snapshot is refused with a clear error", arguments: [0.0, 0.3, 0.999])
    func truncated(fraction: Double) throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try makeIndex().save(to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(Int(Double(data.count) * fraction)).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try SearchIndex(contentsOf: path)
        } throws: { error in
            guard case .corrupted(_, let reason) = error as? SearchIndexError else { return false }
            return !reason.isEmpty
        }
    }

    @Test("A flipped byte anywhere in the body fails the checksum", arguments: [0.1, 0.5, 0.9])
    func corrupted(position: Double) throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try makeIndex().save(to: path)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let i = 12 + Int(Double(data.count - 40) * position)
        data[i] ^= 0x5A
        try data.write(to: URL(fileURLWithPath: path))
        #expect(throws: SearchIndexError.self) { _ = try SearchIndex(contentsOf: path) }
        do { _ = try SearchIndex(contentsOf: path) } catch { #expect("\(error)".contains("checksum")) }
    }

    @Test("A missing file is an I/O error naming the path")
    func missing() {
        do {
            _ = try SearchIndex(contentsOf: "/nonexistent/dir/index.idx")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("/nonexistent/dir/index.idx"))
        }
    }
}

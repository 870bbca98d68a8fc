import Foundation
import Hummingbird
import HummingbirdTesting
import SearchEngine
import Synchronization

/// What the clients sent and what the server acknowledged (answered with 2xx).
final class CrashLedger: Sendable {
    struct Message: Sendable { var word: String; var id: Int64; var ticketId: Int64 }
    struct Resolution: Sendable { var word: String; var id: Int64; var ticketId: Int64 }

    struct State: Sendable {
        /// Every word sent, acknowledged or not.
        var attemptedWords: [String] = []
        /// Acknowledged tickets by their word.
        var tickets: [String: Int64] = [:]
        var messages: [Message] = []
        var solutions: [Resolution] = []
        /// Acknowledged tickets no resolution was tried for yet.
        var toResolve: [Int64] = []
        /// Answers other than the expected 2xx (a 4xx or 5xx here is a bug).
        var refusals: [String] = []
        var acknowledged = 0
        var snapshotsReused = 0
    }

    let state = Mutex(State())

    var acknowledged: Int { state.withLock { $0.acknowledged } }

    func attempted(ticket word: String) { state.withLock { $0.attemptedWords.append(word) } }
    func attempted(message word: String) { state.withLock { $0.attemptedWords.append(word) } }
    func attempted(solution word: String) { state.withLock { $0.attemptedWords.append(word) } }

    func acknowledged(ticket word: String, id: Int64) {
        state.withLock {
            $0.tickets[word] = id
            $0.toResolve.append(id)
            $0.acknowledged += 1
        }
    }

    func acknowledged(message word: String, id: Int64, ticketId: Int64) {
        state.withLock {
            $0.messages.append(Message(word: word, id: id, ticketId: ticketId))
            $0.acknowledged += 1
        }
    }

    func acknowledged(solution word: String, id: Int64, ticketId: Int64) {
        state.withLock {
            $0.solutions.append(Resolution(word: word, id: id, ticketId: ticketId))
            $0.acknowledged += 1
        }
    }

    /// The oldest acknowledged ticket not handed out for resolution yet (each is tried once).
    func nextToResolve() -> Int64? {
        state.withLock { $0.toResolve.isEmpty ? nil : $0.toResolve.removeFirst() }
    }

    func refused(_ route: String, _ response: APIClient.Answer) {
        state.withLock { $0.refusals.append("\(route): \(response.status) \(response.text.prefix(200))") }
    }
}

/// Words that occur in exactly one ticket, message or solution: consonants only, so the analyzer neither stems nor
/// splits them.
enum UniqueWord {
    enum Kind: String { case ticket = "qz", message = "qv", solution = "qw" }
    static let letters = Array("bcdfghjkmnprtvxz")

    static func make(_ kind: Kind, round: Int, worker: Int, number: Int) -> String {
        var value = (round * 64 + worker) * 1_000_000 + number
        var word = ""
        repeat {
            word.append(letters[value % letters.count])
            value /= letters.count
        } while value > 0
        return kind.rawValue + word
    }
}

/// A keep-alive JSON client on one connection, authenticated with an API token. Every call returns nil once the
/// connection is gone (the server was killed), so an answer that arrived is exactly an acknowledged request.
struct APIClient: Sendable {
    struct Answer: Sendable {
        var status: Int
        var text: String
        var json: [String: Any]? {
            try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        }
    }

    let client: TestClient
    let bearer: String

    init(port: Int, bearer: String) {
        client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
        client.connect()
        self.bearer = bearer
    }

    func post(_ uri: String, json: String) async -> Answer? {
        await send(TestClient.Request(uri, method: .post, headers: headers(json: true), body: ByteBuffer(string: json)))
    }

    /// A multipart form with one text field and one text file.
    func post(_ uri: String, field: (String, String), file: (name: String, text: String)) async -> Answer? {
        let boundary = "crash-test-boundary"
        let body = """
            --\(boundary)\r
            Content-Disposition: form-data; name="\(field.0)"\r
            \r
            \(field.1)\r
            --\(boundary)\r
            Content-Disposition: form-data; name="attachments"; filename="\(file.name)"\r
            Content-Type: text/plain\r
            \r
            \(file.text)\r
            --\(boundary)--\r

            """
        var fields = headers(json: false)
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return await send(TestClient.Request(uri, method: .post, headers: fields, body: ByteBuffer(string: body)))
    }

    func get(_ uri: String) async -> Answer? {
        await send(TestClient.Request(uri, method: .get, headers: headers(json: false)))
    }

    func close() async {
        try? await client.shutdown()
    }

    private func headers(json: Bool) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(bearer)", .accept: "application/json"]
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    private func send(_ request: TestClient.Request) async -> Answer? {
        guard let response = try? await client.execute(request) else { return nil }
        return Answer(status: Int(response.status.code), text: response.body.map { String(buffer: $0) } ?? "")
    }
}

/// Runs synchronous work (index loading) on a dispatch queue, so it never holds a cooperative thread.
func offCooperativeThreads<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try body() }) }
    }
}

/// The seeded generator of these tests (SplitMix64, its seed offset as the tests were written with).
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    init(testSeed seed: UInt64) { self.init(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
}

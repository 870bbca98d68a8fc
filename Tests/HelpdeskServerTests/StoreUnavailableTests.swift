import HelpdeskCore
import Hummingbird
import Testing

@testable import HelpdeskServer

@Suite("A store that cannot be reached")
struct StoreUnavailableTests {
    @Test("answers 503 storeUnavailable with Retry-After, not a 500, and says nothing of the cause")
    func mapsTo503() throws {
        let described = ServerError.describe(StoreUnavailable(cause: "connection refused by db.internal:5432"))
        #expect(described.status == .serviceUnavailable)
        #expect(described.code == "storeUnavailable")
        #expect(described.field == nil)
        #expect(described.extraHeaders[.retryAfter] == "5")
        #expect(!described.message.contains("db.internal"))
    }
}

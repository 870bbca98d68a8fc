import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The form post both sign-in clients (`OIDCClient`, `OAuth2Client`) send to a provider's token endpoint.
enum TokenEndpoint {
    /// Posts `fields` form-encoded to `url` (asking for JSON), with the `headers` given besides, and reads at most
    /// `limit` bytes of the answer.
    /// - Throws: `SignInRefusal.tokenEndpointFailed` naming `url` when it cannot be reached, times out or sends more
    ///   than `limit` bytes.
    static func post(
        _ url: String, fields: [(String, String)], headers: [(name: String, value: String)] = [],
        httpClient: HTTPClient, timeout: TimeAmount, limit: Int
    ) async throws -> (status: HTTPResponseStatus, body: ByteBuffer) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields)))
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            return (response.status, try await response.body.collect(upTo: limit))
        } catch {
            throw SignInRefusal.tokenEndpointFailed("\(url): \(error)")
        }
    }
}

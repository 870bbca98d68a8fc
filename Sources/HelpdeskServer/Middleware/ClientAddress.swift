import Foundation
import Hummingbird

/// Who the client is, behind reverse proxies we trust, and who may read `/metrics`.
///
/// Behind nginx or a load balancer every request arrives from the proxy's address, so rate limits would lump all
/// clients together. When the peer is one of the configured trusted proxies, the client is the right-most address
/// of `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it saw; anything to the
/// left of the first untrusted hop could be written by the client and is ignored). A request from any other peer
/// keeps the peer's address, whatever headers it sends.
enum ClientAddress {
    /// The client's address for `peer` (nil in router tests) and its `X-Forwarded-For` header.
    static func resolve(peer: String?, forwardedFor: String?, trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(normalized(peer)), let forwardedFor else { return peer.map(normalized) }
        let hops = forwardedFor.split(separator: ",").map { normalized($0.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.isEmpty }
        for hop in hops.reversed() where !trusted.contains(hop) { return hop }
        return hops.first ?? normalized(peer)
    }

    /// `::ffff:10.0.0.1` → `10.0.0.1`; brackets and zone ids of IPv6 literals dropped.
    static func normalized(_ address: String) -> String {
        var a = address.lowercased()
        if a.hasPrefix("[") , let end = a.firstIndex(of: "]") { a = String(a[a.index(after: a.startIndex)..<end]) }
        if let zone = a.firstIndex(of: "%") { a = String(a[..<zone]) }
        if a.hasPrefix("::ffff:"), a.contains(".") { a.removeFirst(7) }
        return a
    }

    /// What rate limits count a (normalised) address under: an IPv6 address by its /64 network, written as its first
    /// four groups in full (`2001:0db8:0000:0001::/64`), anything else as it is.
    static func limitKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var bytes = in6_addr()
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        let prefix = withUnsafeBytes(of: &bytes) { Array($0.prefix(8)) }
        var groups: [String] = []
        for i in stride(from: 0, to: 8, by: 2) {
            let group = String(UInt16(prefix[i]) << 8 | UInt16(prefix[i + 1]), radix: 16)
            groups.append(String(repeating: "0", count: 4 - group.count) + group)
        }
        return groups.joined(separator: ":") + "::/64"
    }

    /// Loopback addresses (the machine itself), which may read `/metrics` when no metrics token is configured.
    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.")
    }
}

/// Sets `AppRequestContext.clientAddress` from the peer and, behind trusted proxies, `X-Forwarded-For`.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress,
            forwardedFor: request.headers[values: .init("X-Forwarded-For")!].joined(separator: ","),
            trusted: trustedProxies)
        return try await next(request, context)
    }
}

extension AppServices {
    /// Whether the request may read `/metrics`: with a metrics token, only a bearer of it or a signed-in admin; without
    /// one, a client on this machine (a scraper beside the server) or a signed-in admin.
    func mayReadMetrics(_ request: Request, context: AppRequestContext) -> Bool {
        if context.identity?.role == .admin { return true }
        if let token = metricsToken {
            guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
            return constantTimeEqual(Array(header.dropFirst(7).utf8), Array(token.utf8))
        }
        guard let client = context.clientAddress else { return true }  // in-process (router tests)
        return ClientAddress.isLoopback(client)
    }

    /// Whether a bearer token given in a request is `expected`, in time independent of where they differ.
    func tokenMatches(_ given: String, _ expected: String) -> Bool {
        constantTimeEqual(Array(given.utf8), Array(expected.utf8))
    }

    private func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

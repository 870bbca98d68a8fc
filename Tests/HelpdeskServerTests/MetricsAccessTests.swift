import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// Who may read `/metrics`, and which address rate limits see behind a reverse proxy.
@Suite struct MetricsAccessTests {
    typealias Env = TestEnvironment

    @Test func withATokenOnlyItsBearerAndAdminsReadMetrics() async throws {
        var arguments = TestArguments()
        arguments.metricsToken = "scrape-secret-42"
        try await Env.run(arguments, corpus: false) { client, env in
            let anonymous = try await client.execute(uri: "/metrics", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(!String(buffer: anonymous.body).contains("care_index_documents"))
            let wrong = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-secret-43"])
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-secret-42"])
            #expect(right.status == .ok)
            #expect(String(buffer: right.body).contains("care_index_documents"))

            let admin = try await env.admin(client)
            #expect(try await env.page(client, "/metrics", as: admin).status == .ok)
            let customer = try await env.customer(client, name: "Mia Metrics")
            #expect(try await env.page(client, "/metrics", as: customer).status == .unauthorized)
        }
    }

    @Test func forwardedForCountsOnlyBehindATrustedProxy() {
        let trusted: Set<String> = ["10.0.0.2", "10.0.0.3"]
        // A direct client cannot pretend to be someone else.
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: "198.51.100.1", trusted: trusted) == "203.0.113.9")
        // Behind the proxy, the right-most untrusted hop is the client; what the client wrote to its left is ignored.
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "1.2.3.4, 198.51.100.7", trusted: trusted) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "198.51.100.7, 10.0.0.3", trusted: trusted) == "198.51.100.7")
        // The proxy without the header is itself the client; IPv4-mapped IPv6 peers match their IPv4 form.
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: nil, trusted: trusted) == "10.0.0.2")
        #expect(ClientAddress.resolve(peer: "::ffff:10.0.0.2", forwardedFor: "198.51.100.8", trusted: trusted) == "198.51.100.8")
        #expect(ClientAddress.isLoopback("127.0.0.1") && ClientAddress.isLoopback("::1") && !ClientAddress.isLoopback("10.0.0.2"))
        // Rate limits count an IPv6 client by its /64 network, an IPv4 one by its address
        #expect(ClientAddress.limitKey("2001:db8::1") == ClientAddress.limitKey("2001:db8::ffff:2"))
        #expect(ClientAddress.limitKey("2001:db8::1") == "2001:0db8:0000:0000::/64")
        #expect(ClientAddress.limitKey("2001:db8:0:1::1") != ClientAddress.limitKey("2001:db8::1"))
        #expect(ClientAddress.limitKey("203.0.113.7") == "203.0.113.7")
    }
}

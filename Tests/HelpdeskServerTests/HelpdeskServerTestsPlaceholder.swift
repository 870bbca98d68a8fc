import Testing
@testable import HelpdeskServer

@Suite struct HelpdeskServerTestsPlaceholder {
    @Test func moduleLinks() { _ = HelpdeskServerModule.self }
}

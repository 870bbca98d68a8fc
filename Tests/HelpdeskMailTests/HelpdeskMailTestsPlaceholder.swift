import Testing
@testable import HelpdeskMail

@Suite struct HelpdeskMailTestsPlaceholder {
    @Test func moduleLinks() { _ = HelpdeskMailModule.self }
}

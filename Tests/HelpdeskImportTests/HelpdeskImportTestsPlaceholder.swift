import Testing
@testable import HelpdeskImport

@Suite struct HelpdeskImportTestsPlaceholder {
    @Test func moduleLinks() { _ = HelpdeskImportModule.self }
}

import HelpdeskCore
import Testing

/// Expects `body` to throw exactly `expected`.
public func expectError<T>(
    _ expected: HelpdeskError,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(expected), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as HelpdeskError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}

/// The kind of refusal a test expects.
public enum ErrorKind: Sendable {
    case forbidden, conflict, invalidTransition, notFound, invalidToken, anyError
    case field(String)
    case message(field: String, containing: String)

    /// Whether `error` is of this kind.
    public func matches(_ error: HelpdeskError) -> Bool {
        switch (self, error) {
        case (.forbidden, .forbidden), (.conflict, .conflict), (.invalidTransition, .invalidTransition),
            (.notFound, .notFound), (.invalidToken, .invalidToken), (.anyError, _):
            true
        case (.field(let expected), .invalidInput(let field, _)): field == expected
        case (.message(let expected, let text), .invalidInput(let field, let message)):
            field == expected && message.contains(text)
        default: false
        }
    }
}

/// Expects `body` to throw a `HelpdeskError` of `kind`.
public func expectFailure<T>(
    _ kind: ErrorKind,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(kind), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as HelpdeskError {
        #expect(kind.matches(error), "unexpected \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a HelpdeskError, got \(error)", sourceLocation: sourceLocation)
    }
}

extension HelpdeskError {
    public var isForbidden: Bool { if case .forbidden = self { true } else { false } }
    public var isConflict: Bool { if case .conflict = self { true } else { false } }
    public var isInvalidTransition: Bool { if case .invalidTransition = self { true } else { false } }
    public var isNotFound: Bool { if case .notFound = self { true } else { false } }
    public var invalidField: String? { if case .invalidInput(let field, _) = self { field } else { nil } }
}

import Foundation

/// Normalisation and validation of account input, with messages meant for the person typing.
public enum InputValidation {
    /// Trims and lowercases an e-mail address, then checks its shape.
    /// - Throws: `HelpdeskError.invalidInput(field: "email", …)` when it cannot be an address.
    public static func normalizedEmail(_ raw: String) throws -> String {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else {
            throw HelpdeskError.invalidInput(field: "email", message: "Enter a valid e-mail address, like name@example.com.")
        }
        return email
    }

    /// The form of an e-mail address (or any identity a client types) that rate limits are keyed on: white space and
    /// control characters trimmed from both ends, Unicode NFC, lower-cased, at most 320 characters. Spelling variants
    /// of one address (`" Admin@x "`, `"\tadmin@x"`, a decomposed accent) share one key. It never throws, so a
    /// malformed address is limited like any other.
    public static func normalizedIdentity(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        return String(trimmed.precomposedStringWithCanonicalMapping.lowercased().prefix(320))
    }

    /// Trims a display name and checks that it is present and not too long.
    public static func normalizedName(_ raw: String, field: String = "name") throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw HelpdeskError.invalidInput(field: field, message: "Enter a name.") }
        guard name.count <= 200 else {
            throw HelpdeskError.invalidInput(field: field, message: "Use at most 200 characters.")
        }
        return name
    }

    /// Trims free text and checks that it is present and at most `maxLength` characters.
    public static func requiredText(_ raw: String, field: String, maxLength: Int) throws -> String {
        // NUL characters are dropped: neither store keeps them (PostgreSQL cannot).
        let text = (raw.utf8.contains(0) ? raw.replacingOccurrences(of: "\u{0}", with: "") : raw)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw HelpdeskError.invalidInput(field: field, message: "This cannot be empty.") }
        guard text.count <= maxLength else {
            throw HelpdeskError.invalidInput(field: field, message: "Use at most \(maxLength) characters.")
        }
        return text
    }

    /// Checks the password rules: at least 10 characters, at most 72 bytes (bcrypt's limit), at least two kinds of
    /// characters, and not the e-mail address.
    /// - Throws: `HelpdeskError.invalidInput(field: "password", …)` naming the first rule broken.
    public static func validatePassword(_ password: String, email: String) throws {
        func fail(_ message: String) -> HelpdeskError { .invalidInput(field: "password", message: message) }
        guard password.count >= 10 else { throw fail("Use at least 10 characters.") }
        guard password.utf8.count <= 72 else { throw fail("Use at most 72 bytes (about 72 letters).") }
        var classes = Set<Int>()
        for scalar in password.unicodeScalars {
            let props = scalar.properties
            if props.isLowercase {
                classes.insert(0)
            } else if props.isUppercase {
                classes.insert(1)
            } else if ("0"..."9").contains(scalar) {
                classes.insert(2)
            } else {
                classes.insert(3)
            }
        }
        guard classes.count >= 2 else {
            throw fail("Mix at least two kinds of characters: lowercase, uppercase, digits or symbols.")
        }
        let lowered = password.lowercased()
        let localPart = email.split(separator: "@").first.map(String.init) ?? email
        guard lowered != email.lowercased(), lowered != localPart.lowercased() else {
            throw fail("Don't use your e-mail address as your password.")
        }
    }
}

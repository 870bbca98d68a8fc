import Crypto

/// SHA-256 digests, from swift-crypto: of stored tokens (`SecureToken.hash`), PKCE challenges and store keys.
///
/// Tokens are 256-bit random values, so a fast unsalted hash is enough: the database never holds a usable token.
public enum Hashing {
    /// The 32-byte SHA-256 digest of `bytes`.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        Array(SHA256.hash(data: Array(bytes)))
    }

    /// The SHA-256 digest of `text`'s UTF-8 bytes, as 64 lowercase hexadecimal digits.
    public static func sha256Hex(_ text: String) -> String {
        hex(sha256(text.utf8))
    }

    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    public static func hmacSHA256(key: [UInt8], message: some Sequence<UInt8>) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(message), using: SymmetricKey(data: key)))
    }

    /// `bytes` as lowercase hexadecimal digits, two per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

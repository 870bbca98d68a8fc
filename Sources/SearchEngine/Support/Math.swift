/// Elementary functions the standard library does not provide on every platform.
enum Math {
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// Natural logarithm of a positive finite `x`, accurate to a few ulps.
    /// - Precondition: `x > 0`.
    static func ln(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "ln needs a positive finite argument")
        // x = m * 2^e with m in [1, 2); ln x = e ln 2 + ln m, and ln m = 2 atanh((m - 1) / (m + 1)).
        let e = Double(x.exponent)
        let m = x.significand
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        while true {
            let next = sum + term / k
            if next == sum { break }
            sum = next
            term *= s2
            k += 2
        }
        return e * ln2 + 2 * sum
    }

    /// Sublinear term frequency: `1 + ln tf` for `tf ≥ 1`, and `tf` itself below 1 (continuous at 1),
    /// so that fractional weighted frequencies stay positive and monotone.
    static func logTF(_ tf: Double) -> Double { tf >= 1 ? 1 + ln(tf) : tf }
}

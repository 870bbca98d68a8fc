/// Field weights as integer units, so that weighted term frequencies are exact small integers.
///
/// A weight is rounded to the nearest multiple of `1 / FieldWeights.unitsPerOne` (1/8); a weighted
/// term frequency `Σ weight_f · tf_f` is stored as `Σ units_f · tf_f`.
enum FieldWeights {
    /// Units that make a weight of 1.
    static let unitsPerOne: Double = 8
    /// Multiply stored units by this to get the weighted frequency.
    static let unitScale: Float = 1.0 / 8.0

    /// The unit count of `weight` (at least 0).
    static func units(_ weight: Double) -> UInt32 { UInt32(max(0, (weight * unitsPerOne).rounded())) }
}

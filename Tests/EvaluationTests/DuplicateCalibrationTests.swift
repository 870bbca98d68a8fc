import Testing

@testable import Evaluation

/// The duplicate floor's rule: the lowest floor at which at most 5 % of texts without a duplicate are still flagged, on
/// every set; recall and precision of the first candidate beside it.
@Suite("Duplicate floor calibration")
struct DuplicateCalibrationTests {
    typealias Query = FloorCalibration.Query

    static func query(_ results: [(Double, Bool)]) -> Query {
        Query(results: results.map { .init(strength: $0.0, relevant: $0.1) }, relevant: results.filter(\.1).count)
    }

    /// A duplicate at 0.8 above a stranger at 0.3; only a stranger at 0.5; a duplicate alone at 0.9.
    let set = [query([(0.8, true), (0.3, false)]), query([(0.5, false)]), query([(0.9, true)])]

    @Test("recall, precision and false alarms count the first candidate, and the set without the duplicates")
    func figures() {
        let high = DuplicateCalibration.point(floor: 0.6, set)
        #expect(high.answerable == 2)
        #expect(high.recall == 1 && high.precision == 1 && high.falseAlarm == 0)
        let low = DuplicateCalibration.point(floor: 0.4, set)
        #expect(abs(low.precision - 2.0 / 3) < 1e-12)
        #expect(abs(low.falseAlarm - 1.0 / 3) < 1e-12)
        // Below the stranger under the first duplicate, taking the duplicates out leaves it flagged too
        #expect(abs(DuplicateCalibration.point(floor: 0.2, set).falseAlarm - 2.0 / 3) < 1e-12)
    }

    @Test("the floor is the lowest that keeps the false alarms of every set within the bound")
    func choice() {
        #expect(DuplicateCalibration.chooseFloor([set]) == 0.51)
        let stricter = [Self.query([(0.7, false)])]
        #expect(DuplicateCalibration.chooseFloor([set, stricter]) == 0.71)
        // Nothing to flag: the lowest floor will do; a stranger at full strength: nothing can be flagged
        #expect(DuplicateCalibration.chooseFloor([[Self.query([(0.9, true)])]]) == 0)
        #expect(DuplicateCalibration.chooseFloor([[Self.query([(1.0, false)])]]) == 1)
    }

    @Test("cross-validation holds each fold of every set out once and needs enough texts")
    func folds() {
        let many = (0..<10).map { i in Self.query([(0.9, true), (Double(i) / 20, false)]) }
        let folds = DuplicateCalibration.crossValidate([many, many], folds: 5)
        #expect(folds.count == 5)
        #expect(folds.allSatisfy { $0.heldOut.count == 2 && $0.heldOut.allSatisfy { $0.answerable == 2 } })
        #expect(DuplicateCalibration.crossValidate([Array(many.prefix(3))], folds: 5).isEmpty)
    }
}

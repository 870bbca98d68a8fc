import ArgumentParser
import Evaluation
import Foundation
import HelpdeskCore
import ShippedModel

/// `care eval duplicates`: the calibration of duplicate detection ("this looks like #1234"). For each floor of a grid,
/// how many duplicates are flagged first, how many flags are right, and how often a text without a duplicate is
/// flagged, on `Corpus/eval` and on SemEval files; then the floor chosen across the sets and cross-validated.
struct DuplicateEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Calibrate duplicate detection: recall, precision and false alarms per floor on every set, the floor chosen across them, cross-validated."
    )

    @Flag(help: "Calibrate the words' strength alone, without the shipped embedding model's similarity of meaning.")
    var noMeaning = false
    @Option(help: "The corpus folder.")
    var corpus: String = "Corpus"
    @Argument(help: "SemEval-2016 Task 3 XML files to measure too, e.g. ../shared/data/semeval2016-task3-cqa-ql/SemEval2016-Task3-CQA-QL-train-part2.xml")
    var semEval: [String] = []
    @Option(help: "Print every n-th floor of the grid (0.01 apart).")
    var every: Int = 5

    func run() async throws {
        let embeddings = noMeaning ? nil : try ShippedModel.open()
        var sets: [(name: String, queries: [FloorCalibration.Query])] = [
            ("Corpus/eval (a duplicate: a stored ticket resolved by one of the complaint's solutions)",
             try await DuplicateCalibration.corpus(corpus, embeddings: embeddings)),
        ]
        for file in semEval {
            let data = try SemEvalData.load(path: file)
            sets.append((URL(fileURLWithPath: file).lastPathComponent + " (a duplicate: PerfectMatch)",
                         DuplicateCalibration.semEval(data, embeddings: embeddings)))
        }
        let shipped = HelpdeskIndex.duplicateFloor(meaning: embeddings != nil)
        print("Shipped floor \(shipped) (\(embeddings == nil ? "words alone" : "words fused with meaning at \(HelpdeskIndex.defaultTicketMeaningWeight)")); "
              + "the rule: the lowest floor with at most \(Int(DuplicateCalibration.falseAlarmTarget * 100)) % false alarms on every set")
        for set in sets {
            print("\n\(set.name): \(set.queries.count) texts, \(set.queries.filter { $0.relevant > 0 }.count) with a duplicate among the candidates")
            print("floor  recall  precision  false alarms")
            for floor in DuplicateCalibration.grid where Int((floor * 100).rounded()) % max(1, every) == 0 || floor == shipped {
                print(Self.row(DuplicateCalibration.point(floor: floor, set.queries)) + (floor == shipped ? "  ← shipped" : ""))
            }
            print(String(format: "chosen on this set alone: %.2f", DuplicateCalibration.chooseFloor([set.queries])))
        }
        let all = sets.map(\.queries)
        print(String(format: "\nchosen on every set: %.2f", DuplicateCalibration.chooseFloor(all)))
        for (i, a) in sets.enumerated() {
            let floor = DuplicateCalibration.chooseFloor([a.queries])
            for (j, b) in sets.enumerated() where i != j {
                print("chosen on \(a.name.prefix(while: { $0 != " " })) (\(String(format: "%.2f", floor))), measured on "
                      + "\(b.name.prefix(while: { $0 != " " })): " + Self.row(DuplicateCalibration.point(floor: floor, b.queries)))
            }
        }
        print("5-fold cross-validation (chosen on 4 folds of every set, measured on the fifth of each):")
        for fold in DuplicateCalibration.crossValidate(all) {
            print(String(format: "  chosen %.2f: ", fold.chosen)
                  + fold.heldOut.map { String(format: "recall %.3f precision %.3f false alarms %.3f", $0.recall, $0.precision, $0.falseAlarm) }
                    .joined(separator: " | "))
        }
    }

    static func row(_ p: DuplicateCalibration.Point) -> String {
        String(format: "%.2f   %.3f   %.3f      %.3f", p.floor, p.recall, p.precision, p.falseAlarm)
    }
}

import ArgumentParser
import Evaluation
import Foundation
import HelpdeskCore
import ShippedModel

/// `care eval floor`: the relevance floor's calibration. For each floor of a grid, what people would be shown on
/// `Corpus/eval` (and on SemEval files, if given); then the floor chosen by 5-fold cross-validation on each set and
/// its held-out figures.
struct FloorEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floor",
        abstract: "Calibrate the relevance floor and the start of \"strong\": answers shown, P@1, precision and silence without an answer per floor, cross-validated."
    )

    @Flag(help: "Calibrate the words' strength alone, without the shipped embedding model's similarity of meaning.")
    var noMeaning = false
    @Option(help: "The corpus folder.")
    var corpus: String = "Corpus"
    @Argument(help: "SemEval-2016 Task 3 XML files to measure too, e.g. ../shared/data/semeval2016-task3-cqa-ql/SemEval2016-Task3-CQA-QL-train-part2.xml")
    var semEval: [String] = []
    @Option(help: "Print every n-th floor of the grid (0.01 apart).")
    var every: Int = 2

    func run() async throws {
        // Corpus/eval asked both ways, whole complaints (5 shown, as the form does) and subjects alone (20 shown, as the
        // help centre does), then split by the scale the product grades each text on.
        let embeddings = noMeaning ? nil : try ShippedModel.open()
        let complaints = try await FloorCalibration.corpus(corpus, embeddings: embeddings)
        let subjects = try await FloorCalibration.corpus(corpus, subjectsOnly: true, depth: 30, embeddings: embeddings)
        let short = MatchGrade.Scale.shortTerms
        var sets: [(name: String, queries: [FloorCalibration.Query], k: Int)] = [
            ("Corpus/eval, whole complaints of more than \(short) terms (complaint scale, 5 shown)",
             complaints.filter { $0.terms > short }, 5),
            ("Corpus/eval, subjects of at most \(short) terms (search scale, 20 shown)",
             subjects.filter { $0.terms <= short }, 20),
            ("Corpus/eval, whole complaints of at most \(short) terms once stock phrases are stripped (search scale, 5 shown)",
             complaints.filter { $0.terms <= short }, 5),
        ]
        print("Corpus/eval: \(subjects.filter { $0.terms > short }.count) subjects on the complaint scale (left out below)")
        for file in semEval {
            let data = try SemEvalData.load(path: file)
            sets.append((URL(fileURLWithPath: file).lastPathComponent + " (10 shown)", FloorCalibration.semEval(data, embeddings: embeddings), 10))
        }
        let search = MatchGrade.Scale(terms: 1, meaning: embeddings != nil)
        let complaint = MatchGrade.Scale(terms: MatchGrade.Scale.shortTerms + 1, meaning: embeddings != nil)
        print("Shipped: complaints floor \(complaint.floor), strong from \(complaint.strongFrom); "
              + "searches floor \(search.floor), strong from \(search.strongFrom)")
        for set in sets {
            print("\n\(set.name): \(set.queries.count) queries")
            print("floor  shown/q  answer shown  P@1    precision  silent without answer  balanced")
            let shipped: Set<Double> = [search.floor, complaint.floor]
            for floor in FloorCalibration.grid where Int((floor * 100).rounded()) % max(1, every) == 0 || shipped.contains(floor) {
                print(Self.row(FloorCalibration.point(floor: floor, set.queries, k: set.k))
                    + (shipped.contains(floor) ? "  ← shipped floor" : ""))
            }
            print(String(format: "chosen on the whole set: floor %.2f, strong from %.2f",
                         FloorCalibration.chooseFloor(set.queries, k: set.k), FloorCalibration.chooseStrong(set.queries, k: set.k)))
            print("5-fold cross-validation (chosen on 4 folds, measured on the fifth; the last column: right among strong):")
            for fold in FloorCalibration.crossValidate(set.queries, k: set.k) {
                print("  " + Self.row(fold.heldOut) + String(format: "  strong from %.2f: %.3f right", fold.strongFrom, fold.strongPrecision))
            }
        }
    }

    static func row(_ p: FloorCalibration.Point) -> String {
        String(format: "%.2f   %5.2f    %.3f         %.3f  %.3f      %.3f                  %.3f", p.floor, p.shownPerQuery,
               p.answerShown, p.p1, p.precision, p.silentWithoutAnswer, p.balanced)
    }
}

import Foundation
import Hummingbird
import Mustache

/// An HTML page.
struct HTML: ResponseGenerator {
    /// The rendered page.
    let html: String
    /// Its status.
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }
}

/// The mustache templates and the static assets, loaded once at start.
struct Views: Sendable {
    /// The templates of `Resources/Templates`.
    let library: MustacheLibrary
    /// `app.css`, `app.js`, … by file name.
    let assets: [String: ByteBuffer]

    /// Loads every template and asset from the module's resources.
    static func load() async throws -> Views {
        let root = resourcesFolder
        let library = try await MustacheLibrary(directory: root.appendingPathComponent("Templates").path)
        var assets: [String: ByteBuffer] = [:]
        let publicFolder = root.appendingPathComponent("Public")
        for name in try FileManager.default.contentsOfDirectory(atPath: publicFolder.path) {
            let data = try Data(contentsOf: publicFolder.appendingPathComponent(name))
            assets[name] = ByteBuffer(bytes: data)
        }
        return Views(library: library, assets: assets)
    }

    /// The copied `Resources` folder. (On Linux, Foundation treats a bundle holding a `Resources` folder as having
    /// that folder as its `resourceURL`, so the bundle URL is the stable anchor.)
    static var resourcesFolder: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources")
    }

    /// Renders `template` with a page's typed model and its chrome.
    func render<Model>(_ template: String, _ page: Page<Model>, status: HTTPResponse.Status = .ok) throws -> HTML {
        // One reflection of the page into dictionaries, not one per name the template reads (`TemplateContext`).
        guard let html = library.render(TemplateContext.tree(page) ?? [:], withTemplate: template) else {
            throw ViewsError.missingTemplate(template)
        }
        return HTML(html: html, status: status)
    }

    /// The raw OpenAPI document.
    static func openAPIDocument() throws -> ByteBuffer {
        let url = resourcesFolder.appendingPathComponent("openapi.json")
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }
}

/// A template or resource folder is missing from the build.
enum ViewsError: Error, CustomStringConvertible {
    case missingResources
    case missingTemplate(String)

    var description: String {
        switch self {
        case .missingResources: "the HelpdeskServer resources are missing"
        case .missingTemplate(let name): "no template named \(name)"
        }
    }
}

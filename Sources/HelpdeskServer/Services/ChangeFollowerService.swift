import HelpdeskCore
import ServiceLifecycle

/// Keeps this node's search index in step with what other nodes (or `care` commands) commit to the shared database
/// (`AppDatabase.followChanges`), and stops on graceful shutdown.
struct ChangeFollowerService: Service {
    let database: AppDatabase
    /// The longest a change waits when no notification arrives.
    var pollInterval: Duration = .seconds(2)

    func run() async {
        await cancelWhenGracefulShutdown {
            await database.followChanges(pollInterval: pollInterval)
        }
    }
}

import HelpdeskMail
import ServiceLifecycle

/// Runs the mail worker next to the HTTP server and stops it on graceful shutdown (the mail being sent is finished;
/// the rest stays in the outbox, its claims released, for another node or the next start).
struct MailWorkerService: Service {
    let delivery: MailDeliveryService

    func run() async {
        await cancelWhenGracefulShutdown {
            await delivery.run()
        }
        await delivery.releaseClaims()
    }
}

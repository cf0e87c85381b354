import Hummingbird
import Logging

/// Makes every failure an answer in FastAPI's shape, `{"detail": "..."}`: the router's own 404 for an unknown route
/// (`{"detail":"Not Found"}`, as HIPPO answers), and an unexpected error as a logged 500 that says what failed,
/// never an empty body.
struct DetailMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HippoError {
            throw error
        } catch let error as HTTPError {
            throw HippoError(Int(error.status.code), error.body ?? error.status.reasonPhrase, headers: error.headers)
        } catch let error as any HTTPResponseError {
            throw HippoError(Int(error.status.code), error.status.reasonPhrase)
        } catch {
            logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            throw HippoError(500, "the registry failed: \(error)")
        }
    }
}

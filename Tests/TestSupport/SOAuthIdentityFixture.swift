import Foundation
import Hummingbird
import NIOCore
import SciCore

/// soauth's identity server as a client meets it: `POST /exchange {"refresh_token": "rt-N"}` answers a fresh access
/// token and `rt-(N+1)`, and refuses any refresh token but the latest (they are single-use), as soauth does.
public enum SOAuthIdentityFixture {
    /// Starts the server; every exchange is recorded in `log` under `exchange`.
    public static func start(access: String, log: RequestLog) async throws -> LoopbackServer {
        let router = Router()
        router.post("exchange") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            let refresh = (try? JSONValue(parsing: Data(buffer: body)))?["refresh_token"]?.stringValue ?? ""
            let count = log.record("exchange", headers: ["refresh": refresh])
            guard refresh == "rt-\(count)" else {
                return Response(
                    status: .unauthorized, headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"detail":"refresh token already used"}"#)))
            }
            let answer: JSONValue = [
                "access_token": .string(access), "refresh_token": .string("rt-\(count + 1)"),
                "access_token_expires": "2999-01-01T00:00:00.000000Z", "refresh_token_expires": "2999-06-01T00:00:00Z",
            ]
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: answer.jsonString())))
        }
        return try await LoopbackServer.start(router)
    }
}

import SciCore

/// The one-line message of the error `body` throws, as a user would read it (`SciError.from`), or nil when it
/// throws none: tests compare it whole, so only the intended error passes.
public func errorMessage<Result>(_ body: () throws -> Result) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return SciError.from(error).message
    }
}

/// The one-line message of the error an async `body` throws, or nil when it throws none.
public func errorMessage<Result>(_ body: () async throws -> Result) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch {
        return SciError.from(error).message
    }
}

import CLibPQ
import Foundation
import SciCore

/// One connection to a PostgreSQL server, through libpq, so PostgreSQL's own conventions hold: a
/// `postgresql://user@host:port/db?sslmode=…` URL or keywords, the password from `PGPASSWORD` or `~/.pgpass` (or
/// `PGPASSFILE`), `sslmode`, and the other `PG*` variables. The password is never kept, shown or put in an error.
///
/// Calls block the calling thread until the server answers. A connection is deliberately not `Sendable`: libpq
/// allows one thread at a time on a connection, so one task owns it; work in parallel opens one connection per task.
public final class PostgresConnection: CustomStringConvertible {
    private let connection: OpaquePointer

    /// The server as `postgresql://user@host:port/database`, without the password.
    public let description: String

    /// Connects with a `postgresql://` (or `postgres://`) URL or a `key=value` connection string, as `psql` takes them.
    public convenience init(url: String) throws {
        try self.init(keywords: [("dbname", url)])
    }

    /// Connects with separate settings; those left nil come from the `PG*` variables and libpq's defaults.
    /// `sslMode` is libpq's `sslmode` (`disable`, `prefer`, `require`, `verify-full`, …); `passwordFile` stands for
    /// `PGPASSFILE`.
    public convenience init(
        host: String? = nil, port: Int? = nil, database: String? = nil, user: String? = nil, password: String? = nil,
        sslMode: String? = nil, passwordFile: String? = nil
    ) throws {
        let settings: [(String, String?)] = [
            ("host", host), ("port", port.map(String.init)), ("dbname", database), ("user", user),
            ("password", password), ("sslmode", sslMode), ("passfile", passwordFile),
        ]
        try self.init(keywords: settings.compactMap { key, value in value.map { (key, $0) } })
    }

    private init(keywords: [(String, String)]) throws {
        let settings = try Self.settings(of: keywords)
        try Self.checkPasswordFile(settings)
        // Text that crosses as UTF-8 whatever the server's or the machine's locale says.
        let all = keywords + [("client_encoding", "UTF8")]
        let connection = Self.withCStrings(all.map(\.0)) { keys in
            Self.withCStrings(all.map(\.1)) { values in PQconnectdbParams(keys, values, 1) }
        }
        guard let connection else { throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection") }
        let name = Self.name(of: connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.redact(Self.errorMessage(connection), settings["password"])
            PQfinish(connection)
            let hint = reason.contains("password")
                ? "check the password: PGPASSWORD, or a line for this server in ~/.pgpass (mode 0600)"
                : "is the server running and reachable at that address?"
            throw PostgresError(sqlState: nil, message: "cannot connect to PostgreSQL at \(name): \(reason)", hint: hint)
        }
        // Notices (for example "extension already exists, skipping") are not errors; libpq would print them to stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.connection = connection
        description = name
    }

    deinit { PQfinish(connection) }

    /// Whether the connection is still usable (false once the server has gone away).
    public var isConnected: Bool { PQstatus(connection) == CONNECTION_OK }

    /// Whether a transaction is open on the connection (a `BEGIN` without its `COMMIT` or `ROLLBACK` yet).
    public var isInTransaction: Bool { PQtransactionStatus(connection) != PQTRANS_IDLE }

    /// Runs one statement with `$1`, `$2`, … parameters (sent as text, with their types) and returns its rows
    /// (none for statements that return none). Each column's value is typed by the column's PostgreSQL type.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws -> [PostgresRow] {
        guard !sql.utf8.contains(0) else { throw PostgresError(sqlState: nil, message: "the SQL statement contains a NUL character") }
        guard let count = Int32(exactly: parameters.count) else {
            throw PostgresError(sqlState: nil, message: "too many parameters (\(parameters.count))")
        }
        var types: [Oid] = []
        var texts: [String?] = []
        for (index, parameter) in parameters.enumerated() {
            let (type, text) = try Self.encode(parameter, number: index + 1)
            types.append(type)
            texts.append(text)
        }
        let copies = texts.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = PQexecParams(connection, sql, count, types, pointers, nil, nil, 0)
        guard let result else { throw failure(result: nil) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: return []
        case PGRES_TUPLES_OK: return try Self.rows(of: result)
        default: throw failure(result: result)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws or when a statement in
    /// it failed (even if the body caught that error), so a failure leaves the database as before.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        guard PQtransactionStatus(connection) == PQTRANS_IDLE else {
            throw PostgresError(
                sqlState: nil, message: "a transaction is already open on this connection",
                hint: "transactions do not nest; use SAVEPOINT inside the body for a partial rollback")
        }
        try execute("BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            if PQtransactionStatus(connection) != PQTRANS_IDLE { _ = try? execute("ROLLBACK") }
            throw error
        }
        // In a failed transaction COMMIT answers "ROLLBACK" without an error; say so instead of returning as if saved.
        if PQtransactionStatus(connection) == PQTRANS_INERROR {
            _ = try? execute("ROLLBACK")
            throw PostgresError(sqlState: "25P02", message: "a statement in the transaction failed, so the transaction was rolled back")
        }
        try execute("COMMIT")
        return value
    }

    // MARK: - Values

    private static let boolType: Oid = 16, byteaType: Oid = 17, int8Type: Oid = 20, int2Type: Oid = 21
    private static let int4Type: Oid = 23, textType: Oid = 25, oidType: Oid = 26, float4Type: Oid = 700
    private static let float8Type: Oid = 701

    private static func encode(_ value: PostgresValue, number: Int) throws -> (Oid, String?) {
        switch value {
        case .null: return (0, nil)
        case .integer(let value): return (int8Type, String(value))
        case .double(let value): return (float8Type, PostgresValue.text(of: value))
        case .bool(let value): return (boolType, value ? "t" : "f")
        case .bytes: return (byteaType, value.description)
        case .text(let value):
            guard !value.utf8.contains(0) else {
                throw PostgresError(sqlState: nil, message: "parameter $\(number) contains a NUL character, which PostgreSQL text cannot hold")
            }
            return (textType, value)
        }
    }

    private static func rows(of result: OpaquePointer) throws -> [PostgresRow] {
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let types = (0..<columnCount).map { PQftype(result, $0) }
        var rows: [PostgresRow] = []
        for row in 0..<PQntuples(result) {
            var values: [PostgresValue] = []
            values.reserveCapacity(columns.count)
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(result, row, column))
                values.append(try decode(text, type: types[Int(column)], column: columns[Int(column)]))
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return rows
    }

    private static func decode(_ text: String, type: Oid, column: String) throws -> PostgresValue {
        func unreadable() -> PostgresError {
            PostgresError(sqlState: nil, message: "column \(column): cannot read \(text.prefix(40)) as a value of type oid \(type)")
        }
        switch type {
        case boolType: return .bool(text == "t")
        case int2Type, int4Type, int8Type, oidType:
            guard let value = Int64(text) else { throw unreadable() }
            return .integer(value)
        case float4Type, float8Type:
            guard let value = Double(text) else { throw unreadable() }
            return .double(value)
        case byteaType:
            guard let value = PostgresValue.bytes(fromHex: text) else { throw unreadable() }
            return .bytes(value)
        default: return .text(text)
        }
    }

    // MARK: - Errors

    private func failure(result: OpaquePointer?) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let result, let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let message = field(sci_pq_diag_message) ?? Self.errorMessage(connection)
        let sqlState = field(sci_pq_diag_sqlstate)
        if PQstatus(connection) != CONNECTION_OK {
            return PostgresError(
                sqlState: sqlState, message: "lost the connection to PostgreSQL at \(description): \(message)",
                hint: "the server stopped or restarted; an open transaction was rolled back by the server, so connect again and retry")
        }
        return PostgresError(sqlState: sqlState, message: message, detail: field(sci_pq_diag_detail), hint: field(sci_pq_diag_hint))
    }

    private static func errorMessage(_ connection: OpaquePointer) -> String {
        guard let text = PQerrorMessage(connection) else { return "unknown error" }
        // libpq's messages end in a newline and may span lines; one line reads better in `error:`.
        return String(cString: text).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    private static func redact(_ text: String, _ password: String?) -> String {
        guard let password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    // MARK: - Settings

    /// `postgresql://user@host:port/database` from what libpq resolved (the password is not part of it).
    private static func name(of connection: OpaquePointer) -> String {
        func text(_ value: UnsafeMutablePointer<CChar>?) -> String { value.map { String(cString: $0) } ?? "" }
        return "postgresql://\(text(PQuser(connection)))@\(text(PQhost(connection))):\(text(PQport(connection)))/\(text(PQdb(connection)))"
    }

    /// The settings as libpq reads them, a URL in `dbname` expanded, so the password and password file are known.
    private static func settings(of keywords: [(String, String)]) throws -> [String: String] {
        var settings: [String: String] = [:]
        for (key, value) in keywords {
            guard key == "dbname", value.contains("://") || value.contains("=") else {
                settings[key] = value
                continue
            }
            var error: UnsafeMutablePointer<CChar>?
            guard let options = PQconninfoParse(value, &error) else {
                let reason = error.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "cannot read it"
                PQfreemem(error)
                throw PostgresError(
                    sqlState: nil, message: "not a PostgreSQL connection URL: \(reason)",
                    hint: "write postgresql://user@host:port/database; put the password in PGPASSWORD or ~/.pgpass")
            }
            defer { PQconninfoFree(options) }
            var option = options
            while let keyword = option.pointee.keyword {
                if let value = option.pointee.val { settings[String(cString: keyword)] = String(cString: value) }
                option += 1
            }
        }
        return settings
    }

    /// libpq ignores a password file that others can read, with only a warning on stderr, and then fails with a
    /// puzzling "no password supplied"; refuse with the reason instead, when that file is where the password would
    /// come from.
    private static func checkPasswordFile(_ settings: [String: String]) throws {
        let environment = ProcessInfo.processInfo.environment
        guard (settings["password"] ?? environment["PGPASSWORD"] ?? "").isEmpty else { return }
        let path = settings["passfile"] ?? environment["PGPASSFILE"] ?? (NSHomeDirectory() + "/.pgpass")
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return }
        throw PostgresError(
            sqlState: nil,
            message: "the password file \(path) can be read by others (mode \(String(mode, radix: 8))), so libpq will not use it",
            hint: "chmod 600 \(path)")
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// One task owns a connection (libpq allows one thread at a time on it); this says so to the compiler.
@available(*, unavailable)
extension PostgresConnection: Sendable {}

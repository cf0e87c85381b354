import SciPostgres
import Testing

@Suite("Passwords in connection URLs")
struct PostgresURLTests {
    @Test("a password in the user part or a parameter is seen; a user, a port or a passfile is not a password", arguments: [
        ("postgresql://hippo:s3cret@db.example.org:5432/hippo", true),
        ("postgresql://hippo:p@ss@db.example.org/hippo", true),
        ("postgresql://hippo@db.example.org/hippo?sslmode=require&password=s3cret", true),
        ("postgresql://hippo@db.example.org:5432/hippo?sslmode=require", false),
        ("postgresql://db.example.org/hippo?passfile=/home/me/.pgpass", false),
        ("postgresql://hippo@db.example.org/hippo?application_name=a:b@c", false),
    ])
    func holdsPassword(url: String, expected: Bool) {
        #expect(PostgresURL.holdsPassword(url) == expected)
    }

    @Test("redacted hides every password and keeps the rest")
    func redacted() {
        #expect(PostgresURL.redacted("postgresql://hippo:p@ss@db:5432/h?x=a@b") == "postgresql://hippo:***@db:5432/h?x=a@b")
        #expect(PostgresURL.redacted("postgresql://h@db/h?password=one&sslmode=require&password=two")
            == "postgresql://h@db/h?password=***&sslmode=require&password=***")
        #expect(PostgresURL.redacted("postgresql://hippo@db/h") == "postgresql://hippo@db/h")
    }
}

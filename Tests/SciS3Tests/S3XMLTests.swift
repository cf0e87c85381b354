@testable import SciS3
import Testing

/// The few XML values sci reads from a store's answers (keys, sizes, upload ids, error codes and messages).
@Suite struct S3XMLTests {
    @Test func entitiesAreUnescaped() {
        #expect(S3XML.unescape("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233; &#xE9;") == "a & b <c> \"d\" 'e' é é")
        #expect(S3XML.unescape("&unknown; &#xFFFFFFFF;") == "&unknown; &#xFFFFFFFF;")
        #expect(S3XML.value("Key", in: "<Contents><Key>a&amp;b</Key></Contents>") == "a&b")
    }

    /// A store (or a proxy's error page) may send a bare `&`: the text is kept as sent, not doubled before the `&`.
    @Test func aBareAmpersandIsKeptAsSent() {
        #expect(S3XML.unescape("a&b") == "a&b")
        #expect(S3XML.unescape("x &amp; y & z") == "x & y & z")
        #expect(S3XML.value("Message", in: "<Error><Message>Tom & Jerry</Message></Error>") == "Tom & Jerry")
    }
}

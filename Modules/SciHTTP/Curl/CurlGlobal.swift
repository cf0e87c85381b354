internal import CCurl

/// libcurl's process-wide initialisation, which is not thread-safe and so runs exactly once before the first handle.
enum CurlGlobal {
    static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// libcurl's version string, for `sci version --verbose` and bug reports.
    static var version: String { String(cString: curl_version()) }
}

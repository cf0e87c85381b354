/// A DIALS API endpoint, as the `Dials` object of cmsdials names them (`h1d`, `lumi`, ...), with its route,
/// the keys of one object, its filters and its columns.
public enum DialsEndpoint: String, CaseIterable, Sendable, Codable {
    case datasetIndex = "dataset_index"
    case fileIndex = "file_index"
    case h1d
    case h2d
    case lumi
    case run
    case mes
    case mlModelsIndex = "ml_models_index"
    case mlBadLumisection = "ml_bad_lumisection"

    /// The endpoint for a name users type: cmsdials' attribute (`h1d`, `ml_bad_lumis`) or the route (`th1`, `lumisection`).
    public init?(name: String) {
        let normalised = name.lowercased().replacingOccurrences(of: "-", with: "_")
        if let endpoint = DialsEndpoint(rawValue: normalised) { self = endpoint; return }
        guard let endpoint = DialsEndpoint.allCases.first(where: { $0.aliases.contains(normalised) }) else { return nil }
        self = endpoint
    }

    private var aliases: [String] {
        switch self {
        case .h1d: return ["th1"]
        case .h2d: return ["th2"]
        case .lumi: return ["lumisection", "lumisections"]
        case .run: return ["runs"]
        case .mlBadLumisection: return ["ml_bad_lumis"]
        default: return []
        }
    }

    /// The route under the API URL, with the trailing slash every DIALS URL has.
    public var route: String {
        switch self {
        case .datasetIndex: return "dataset-index/"
        case .fileIndex: return "file-index/"
        case .h1d: return "th1/"
        case .h2d: return "th2/"
        case .lumi: return "lumisection/"
        case .run: return "run/"
        case .mes: return "mes/"
        case .mlModelsIndex: return "ml-models-index/"
        case .mlBadLumisection: return "ml-bad-lumisection/"
        }
    }

    /// The keys that name one object, in path order. `dataset_index` takes only `dataset_id`, as the server's
    /// route does (cmsdials 2.4 also asks for a `file_id` the server does not have).
    public var keys: [String] {
        switch self {
        case .datasetIndex: return ["dataset_id"]
        case .fileIndex: return ["dataset_id", "file_id"]
        case .h1d, .h2d: return ["dataset_id", "run_number", "ls_number", "me_id"]
        case .lumi: return ["dataset_id", "run_number", "ls_number"]
        case .run: return ["dataset_id", "run_number"]
        case .mes: return ["me_id"]
        case .mlModelsIndex: return ["model_id"]
        case .mlBadLumisection: return ["model_id", "dataset_id", "run_number", "ls_number"]
        }
    }

    /// Whether lists come in cursor pages (`mes/` answers a plain array).
    public var isPaginated: Bool { self != .mes }

    /// Every filter of the matching cmsdials filter class, in its field order (which is the order on the wire),
    /// `page_size` first on paginated endpoints.
    public var filterFields: [FilterField] {
        let paging: [FilterField] = isPaginated ? [.int("page_size")] : []
        let histogram: [FilterField] = [
            .int("dataset_id"), .int("file_id"), .int("run_number"), .int("run_number__lte"), .int("run_number__gte"),
            .int("ls_number"), .int("ls_number__lte"), .int("ls_number__gte"), .int("me_id"), .int("entries__gte"),
            .string("dataset"), .string("dataset__regex"), .string("logical_file_name"),
            .string("logical_file_name__regex"), .string("me"), .string("me__regex"),
        ]
        switch self {
        case .datasetIndex:
            return paging + [.string("dataset"), .string("dataset__regex")]
        case .fileIndex:
            return paging + [
                .int("dataset_id"), .string("logical_file_name"), .string("logical_file_name__regex"), .string("status"),
                .int("min_size"), .string("dataset"), .string("dataset__regex"),
            ]
        case .h1d, .h2d:
            return paging + histogram
        case .lumi:
            return paging + [
                .int("dataset_id"), .int("run_number"), .int("run_number__lte"), .int("run_number__gte"), .int("ls_number"),
                .int("ls_number__lte"), .int("ls_number__gte"), .string("dataset"), .string("dataset__regex"),
            ]
        case .run:
            return paging + [
                .int("dataset_id"), .int("run_number"), .int("run_number__lte"), .int("run_number__gte"),
                .string("dataset"), .string("dataset__regex"),
            ]
        case .mes:
            return [.string("me"), .string("me__regex"), .int("dim")]
        case .mlModelsIndex:
            return paging + [
                .int("id"), .ints("id__in"), .string("name"), .string("name__regex"), .bool("active"), .bool("ready"),
                .string("type"), .string("input_signature_contains_me"), .string("input_signature_contains_me__regex"),
                .string("tag_name"), .string("tag_value"),
            ]
        case .mlBadLumisection:
            return paging + [
                .int("model_id"), .ints("model_id__in"), .int("dataset_id"), .ints("dataset_id__in"), .string("dataset"),
                .string("dataset__regex"), .int("me_id"), .string("me"), .string("me__regex"), .int("run_number"),
                .ints("run_number__in"), .int("ls_number"),
            ]
        }
    }

    /// The fields of one row, in the order of cmsdials' model: the columns of tables and CSV.
    public var columns: [String] {
        switch self {
        case .datasetIndex:
            return ["dataset_id", "dataset", "era", "data_tier", "primary_ds_name", "processed_ds_name", "processing_version",
                    "last_modification_date"]
        case .fileIndex:
            return ["dataset_id", "dataset", "file_id", "file_size", "creation_date", "last_modification_date",
                    "logical_file_name", "status", "err_trace"]
        case .h1d:
            return ["dataset", "me", "dataset_id", "file_id", "run_number", "ls_number", "me_id", "x_min", "x_max", "x_bin",
                    "entries", "data"]
        case .h2d:
            return ["dataset", "me", "dataset_id", "file_id", "run_number", "ls_number", "me_id", "x_min", "x_max", "x_bin",
                    "y_min", "y_max", "y_bin", "entries", "data"]
        case .lumi: return ["dataset_id", "dataset", "run_number", "ls_number", "th1_count", "th2_count"]
        case .run: return ["dataset_id", "dataset", "run_number", "ls_count", "ls_completeness"]
        case .mes: return ["me_id", "me", "count", "dim"]
        case .mlModelsIndex:
            return ["id", "name", "revision", "ready", "active", "type", "anomaly_threshold", "builtin_threshold", "description",
                    "flagging_key", "input_signature", "metric_key", "output_signature", "tags", "isvc_service_name",
                    "isvc_yaml", "created_by", "modified_by", "created_at", "modified_at"]
        case .mlBadLumisection: return ["model_id", "dataset_id", "run_number", "ls_number", "metric_value"]
        }
    }
}

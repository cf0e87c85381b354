# Sourced by the pipetask case and benchmark after pipetask-peer.sh: `make_repos EXPOSURES DETECTORS SIZE [peer]`
# writes EXPOSURES × DETECTORS pairs of SIZE² float32 images (rawexp, dark; fixed seed) under ./data and ingests
# them into a sci repository ./sci and, unless the fourth argument is `sci-only`, a daf_butler repository ./peer,
# both with the POC universe. Needs $sci, $pipetask_python, $lib, $fixtures and a `fail` function.
make_repos() {
    local exposures=$1 detectors=$2 size=$3 which=${4:-both} peer_bin type element
    peer_bin=$(dirname "$pipetask_python")
    "$pipetask_python" "$lib/make-exposures.py" data "$exposures" "$detectors" "$size" || fail "cannot make the images"
    "$sci" butler create sci --seed-config "$fixtures/butler-pipeline/seed.yaml" \
        --dimension-config "$fixtures/butler-pipeline/dimensions.yaml" >/dev/null || fail "sci butler create"
    for element in instrument detector exposure; do
        "$sci" butler insert-dimension-records sci "$element" "data/${element}s.csv" >/dev/null || fail "sci insert $element"
    done
    for type in rawexp dark; do
        "$sci" butler register-dataset-type sci "$type" SPHERExImage instrument exposure detector >/dev/null || fail "sci register $type"
        "$sci" butler ingest-files -t link --data-id instrument=SPHEREx sci "$type" "${type}r" "data/$type.csv" >/dev/null \
            || fail "sci ingest-files $type"
    done
    [ "$which" = sci-only ] && return
    PYTHONPATH="$fixtures/pipetask" "$peer_bin/butler" create --seed-config "$fixtures/pipetask/seed.yaml" \
        --dimension-config "$fixtures/butler-pipeline/dimensions.yaml" peer >/dev/null 2>&1 || fail "butler create"
    PYTHONPATH="$fixtures/pipetask" "$pipetask_python" "$fixtures/pipetask/records.py" peer data || fail "butler dimension records"
    for type in rawexp dark; do
        PYTHONPATH="$fixtures/pipetask" "$peer_bin/butler" register-dataset-type peer "$type" SPHERExImage instrument exposure detector \
            >/dev/null 2>&1 || fail "butler register-dataset-type $type"
        PYTHONPATH="$fixtures/pipetask" "$peer_bin/butler" ingest-files -t link --data-id instrument=SPHEREx peer "$type" "${type}r" \
            "data/$type.csv" >/dev/null 2>&1 || fail "butler ingest-files $type"
    done
}

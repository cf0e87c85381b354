# Sourced by the Slurm cases after they set $root (the checkout) and $work (a scratch folder): starts the one-node
# cluster of slurm-cluster.sh in $work/cluster and exports SLURM_CONF, or skips the case (exit 0, with the reason)
# where Slurm cannot start; on exit kills $run_pid (a sci run left in the background, if any) by pid, stops the
# cluster and removes $work. Defines `fail`.
run_pid=""
slurm_case_cleanup() {
    [ -n "$run_pid" ] && kill -9 "$run_pid" 2>/dev/null || true
    bash "$root/Integration/lib/slurm-cluster.sh" stop "$work/cluster" || true
    rm -rf "$work"
}
trap slurm_case_cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

slurm_case_code=0
slurm_case_started=$(bash "$root/Integration/lib/slurm-cluster.sh" start "$work/cluster" 2>"$work/cluster.err") || slurm_case_code=$?
if [ "$slurm_case_code" -ne 0 ]; then
    echo "SKIP: Slurm cannot be started here (slurm-cluster.sh exit $slurm_case_code): $(tail -n 3 "$work/cluster.err" | tr '\n' ' ')"
    exit 0
fi
eval "$slurm_case_started"
export SLURM_CONF

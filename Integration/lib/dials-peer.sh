# Sourced by the DIALS peer case and benchmark: installs cmsdials into a venv on first use, and starts
# dials-fixture-server (from $build) on a free loopback port. Needs $build, $work, $lib and a `fail` function; sets
# $peer, $python, $port, $url and $fixture_pid (the caller's trap stops it by that PID).
peer=${DIALS_PEER:-$HOME/.cache/sci/peers/dials}
python="$peer/bin/python"
if ! "$python" -c 'import cmsdials, pandas, tqdm' >/dev/null 2>&1; then
    python3 -m venv "$peer" >/dev/null || fail "cannot make the venv $peer"
    "$peer/bin/pip" install -q 'cmsdials[pandas,tqdm]==2.4.*' >/dev/null 2>&1 || fail "cannot install cmsdials 2.4"
fi

source "$lib/dials-fixture.sh"

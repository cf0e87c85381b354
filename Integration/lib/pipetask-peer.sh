# Sourced by the butler pipeline case and benchmark: installs Rubin's pipetask (lsst-pipe-base and lsst-ctrl-mpexec
# 30.2026.4300, which need Python 3.12: on 3.11 pip silently picks 30.2026.500) into a venv on first use; later runs
# need no network. Needs a `fail` function and a `skip` function; sets $pipetask_peer, $pipetask and $pipetask_python.
pipetask_peer=${PIPETASK_PEER:-$HOME/.cache/sci/peers/pipetask}
pipetask_version=30.2026.4300

# A Python 3.12 interpreter: on PATH, or any pyenv's 3.12 (its shim answers only when 3.12 is selected).
find_python312() {
    local candidate root
    for candidate in "${PYTHON312:-}" "$(command -v python3.12 2>/dev/null)"; do
        [ -n "$candidate" ] && "$candidate" -c 'import sys, venv; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1 \
            && { echo "$candidate"; return 0; }
    done
    root=${PYENV_ROOT:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")}
    for candidate in "$root"/versions/3.12*/bin/python3.12; do
        [ -x "$candidate" ] && "$candidate" -c 'import venv' >/dev/null 2>&1 && { echo "$candidate"; return 0; }
    done
    return 1
}

if ! "$pipetask_peer/bin/python" -c 'import lsst.pipe.base, lsst.ctrl.mpexec, astropy' >/dev/null 2>&1; then
    if [ ! -x "$pipetask_peer/bin/pip" ]; then
        python312=$(find_python312) || skip "no Python 3.12 interpreter (PATH, PYTHON312 or pyenv): lsst-pipe-base $pipetask_version needs one"
        "$python312" -m venv "$pipetask_peer" >/dev/null || fail "cannot make the venv $pipetask_peer"
    fi
    "$pipetask_peer/bin/pip" install -q --disable-pip-version-check "lsst-pipe-base==$pipetask_version" \
        "lsst-ctrl-mpexec==$pipetask_version" "lsst-daf-butler==$pipetask_version" astropy \
        >"${TMPDIR:-/tmp}/pipetask-peer-pip.log" 2>&1 \
        || fail "cannot install lsst-pipe-base==$pipetask_version: $(tail -3 "${TMPDIR:-/tmp}/pipetask-peer-pip.log")"
fi
pipetask="$pipetask_peer/bin/pipetask"
pipetask_python="$pipetask_peer/bin/python"

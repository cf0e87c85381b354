# Sourced by the sky case: the judges for SciSky. lsst.sphgeom and hpgeom come with the butler peer; healpy and
# astropy go into their own venv on first use (later runs need no network). Needs a `fail` function; sets $peer,
# $python (the butler venv's, which the generator extends with the sky venv's site-packages) and $sky_peer.
source "$(dirname "${BASH_SOURCE[0]}")/butler-peer.sh"
sky_peer=${SKY_PEER:-$HOME/.cache/sci/peers/sky}
if ! "$sky_peer/bin/python" -c 'import healpy, astropy.wcs' >/dev/null 2>&1; then
    [ -x "$sky_peer/bin/pip" ] || python3 -m venv "$sky_peer" >/dev/null || fail "cannot make the venv $sky_peer"
    "$sky_peer/bin/pip" install -q --disable-pip-version-check 'healpy==1.20.1' 'astropy==8.0.2' \
        >"${TMPDIR:-/tmp}/sky-peer-pip.log" 2>&1 || fail "cannot install healpy and astropy: $(tail -3 "${TMPDIR:-/tmp}/sky-peer-pip.log")"
fi

#!/usr/bin/env bash
# The real cmsdials client (2.4) against our DIALS fixture server, beside `sci dials list-all` with the same filters:
# the rows must be equal for h1d, h2d, run, lumi, file_index, ml_bad_lumisection and mes, with and without max_pages.
# Then a 500 burst in the middle of a listing: cmsdials' keep_failed + resume_from and `sci dials list-all --resume`
# both end with every row. BUILD is the release build folder holding `sci` and `dials-fixture-server`.
set -euo pipefail
build="${BUILD:?BUILD must name the release build folder}"
lib=$(cd "$(dirname "$0")/../lib" && pwd)
work=$(mktemp -d)
fixture_pid=
trap '[ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"
source "$lib/dials-peer.sh"
start_dials_fixture 5 200
export SCI_DIALS_CLIENT_SECRET=fixture-secret

cat >peer.py <<'PY'
import json, subprocess, sys, warnings
warnings.simplefilter("ignore")
import logging
from cmsdials import Dials
from cmsdials.auth.secret_key import Credentials
from cmsdials.filters import (LumisectionHistogram1DFilters, LumisectionHistogram2DFilters, RunFilters,
                              LumisectionFilters, FileIndexFilters, MLBadLumisectionFilters, MEFilters)
logging.disable(logging.INFO)
sci, url = sys.argv[1], sys.argv[2]
dials = Dials(Credentials(token="fixture-secret"), base_url=url)

def sci_rows(endpoint, kwargs, max_pages=None, extra=()):
    args = [sci, "dials", "list-all" if endpoint != "mes" else "list", endpoint, "--url", url, "--format", "json", *extra]
    if max_pages:
        args += ["--max-pages", str(max_pages)]
    for name, value in kwargs.items():
        args += ["--" + name, ",".join(map(str, value)) if isinstance(value, list) else str(value)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out)

cases = [
    ("h1d", dials.h1d, LumisectionHistogram1DFilters,
     dict(me="PixelPhase1/Tracks/PXBarrel/charge_PXLayer_2", run_number__lte=380020, entries__gte=1000, page_size=100), None),
    ("h1d", dials.h1d, LumisectionHistogram1DFilters, dict(me__regex="charge_PXLayer_[13]", run_number=380007, page_size=40), 2),
    ("h2d", dials.h2d, LumisectionHistogram2DFilters, dict(me__regex="EE \\+", ls_number=5, dataset__regex="2024C", page_size=50), None),
    ("run", dials.run, RunFilters, dict(run_number__gte=380100, run_number__lte=380700, page_size=200), None),
    ("run", dials.run, RunFilters, dict(dataset="/ZeroBias/Run2024B-PromptReco-v1/DQMIO", page_size=30), 3),
    ("lumi", dials.lumi, LumisectionFilters, dict(run_number__gte=380150, run_number__lte=380230, ls_number__lte=20, page_size=500), None),
    ("lumi", dials.lumi, LumisectionFilters, dict(dataset_id=14677077, page_size=100), 3),
    ("file_index", dials.file_index, FileIndexFilters, dict(status="FAILED_INGESTION"), None),
    ("ml_bad_lumisection", dials.ml_bad_lumis, MLBadLumisectionFilters,
     dict(model_id__in=[20, 19], dataset_id__in=[14677060], run_number__in=[380001, 380002, 380003], page_size=500), None),
]
failed = 0
for endpoint, client, filter_class, kwargs, max_pages in cases:
    data = client.list_all(filter_class(**kwargs), max_pages=max_pages)
    peer = [row.model_dump(mode="json") for row in data.results]
    ours = sci_rows(endpoint, kwargs, max_pages)
    ok = peer == ours and len(peer) > 0
    print(f"{'ok' if ok else 'DIFFERENT'}: {endpoint} {kwargs} max_pages={max_pages}: cmsdials {len(peer)} rows, sci {len(ours)}")
    failed += not ok

mes_peer = [m.model_dump(mode="json") for m in dials.mes.list(MEFilters(dim=2))]
mes_ours = sci_rows("mes", dict(dim=2))
print(f"{'ok' if mes_peer == mes_ours else 'DIFFERENT'}: mes dim=2 ({len(mes_peer)} rows)")
failed += mes_peer != mes_ours
sys.exit(1 if failed else 0)
PY
"$python" peer.py "$build/sci" "$url" || fail "cmsdials and sci differ"

# A 500 burst after two pages: cmsdials keeps the rows so far and resumes; sci saves them in a state file and resumes.
cat >resume.py <<'PY'
import json, sys, urllib.request, warnings
warnings.simplefilter("ignore")
import logging
from cmsdials import Dials
from cmsdials.auth.secret_key import Credentials
from cmsdials.filters import LumisectionFilters
logging.disable(logging.INFO)
url = sys.argv[1]
dials = Dials(Credentials(token="fixture-secret"), base_url=url)
filters = LumisectionFilters(run_number__gte=380300, run_number__lte=380320, page_size=100)
whole = dials.lumi.list_all(filters)
urllib.request.urlopen(urllib.request.Request(url + "fixture/faults?kind=500&after=2&count=1", method="POST"))
partial = dials.lumi.list_all(filters, keep_failed=True)
stopped = len(partial.results)  # resume_from extends this very list in place, so count it now
assert partial.exc_type == "HTTPError" and stopped == 200, (partial.exc_type, stopped)
resumed = dials.lumi.list_all(filters, keep_failed=True, resume_from=partial)
assert resumed.exc_type is None and resumed.results == whole.results
json.dump([r.model_dump(mode="json") for r in whole.results], open("whole.json", "w"))
print(f"ok: cmsdials keep_failed stopped at {stopped} rows, resume_from ended with {len(resumed.results)}")
PY
"$python" resume.py "$url" || fail "cmsdials resume"
filters=(lumi --url "$url" --run_number__gte 380300 --run_number__lte 380320 --page_size 100 --format json --resume state)
curl -s -X POST "${url}fixture/faults?kind=500&after=2&count=5" >/dev/null
if "$build/sci" dials list-all "${filters[@]}" --attempts 2 >first.json 2>first.err; then fail "sci did not fail under the 500 burst"; fi
grep -q "saved in state" first.err || fail "sci did not say where it saved: $(cat first.err)"
[ "$(head -1 state | "$python" -c 'import json,sys; print(json.load(sys.stdin)["rows"])')" = 200 ] || fail "state does not hold 200 rows"
curl -s -X DELETE "${url}fixture/faults" >/dev/null
"$build/sci" dials list-all "${filters[@]}" >resumed.json || fail "sci --resume"
[ ! -e state ] || fail "the state file was left after success"
"$python" -c 'import json,sys; a=json.load(open("whole.json")); b=json.load(open("resumed.json")); sys.exit(a != b)' \
    || fail "sci's resumed rows differ from cmsdials' uninterrupted rows"
echo "ok: sci list-all --resume continued after the 500 burst and ended with the same rows as cmsdials"

# cmsdials' other clients: an application's client credentials (a token from the Keycloak), workspaces and the OMS
# proxy, beside the same calls through sci.
cat >services.py <<'PY'
import json, subprocess, sys, warnings
warnings.simplefilter("ignore")
import logging
from cmsdials import Dials
from cmsdials.auth.client import AuthClient
from cmsdials.auth.client_credentials import Credentials
from cmsdials.clients.oms_proxy.models import OMSFilter, OMSPage
from cmsdials.filters import RunFilters
logging.disable(logging.INFO)
sci, url = sys.argv[1], sys.argv[2]
creds = Credentials(client_id="fixture-app", client_secret="fixture-secret", client=AuthClient(keycloak_url=url + "auth/"))
dials = Dials(creds, base_url=url)
env = {"SCI_DIALS_CLIENT_ID": "fixture-app", "SCI_DIALS_CLIENT_SECRET": "fixture-secret", "PATH": "/usr/bin:/bin"}
def sci_out(*args):
    return subprocess.run([sci, "dials", *args, "--url", url, "--keycloak-url", url + "auth/"], check=True,
                          capture_output=True, text=True, env=env).stdout

peer = [r.model_dump(mode="json") for r in dials.run.list_all(RunFilters(run_number__lte=380050, page_size=20)).results]
ours = json.loads(sci_out("list-all", "run", "--run_number__lte", "380050", "--page_size", "20", "--format", "json"))
assert peer == ours and len(peer) > 50, (len(peer), len(ours))
print(f"ok: client credentials through cmsdials and sci list the same {len(peer)} runs")

assert dials.workspace.list() == json.loads(sci_out("workspaces"))
assert dials.workspace.my_workspace() == json.loads(sci_out("workspaces", "--mine"))
print("ok: workspaces and my-default agree")

filters = [OMSFilter(attribute_name="run_number", value=380010, operator="GE"),
           OMSFilter(attribute_name="start_time", value="2024-05-0%", operator="LIKE")]
answer = dials.oms.query("runs", filters, pages=[OMSPage(attribute_name="offset", value=3), OMSPage(attribute_name="limit", value=25)])
peer = [item["attributes"] for item in answer["data"]]
ours = json.loads(sci_out("oms", "runs", "--filter", "run_number:GE:380010", "--filter", "start_time:LIKE:2024-05-0%",
                          "--offset", "3", "--limit", "25", "--format", "json"))
assert peer == ours and len(peer) == 25, (len(peer), len(ours))
print(f"ok: the OMS proxy answers cmsdials and sci with the same {len(peer)} runs")
PY
"$python" services.py "$build/sci" "$url" || fail "client credentials, workspaces or OMS differ"

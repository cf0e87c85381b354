# Sourced by cases and benchmarks that need S3: starts moto_server (the s3 peer's venv, installed by s3-peer.sh) on a
# free loopback port. With MOTO_AUTH=1 it also makes an IAM key and turns signature checks on (moto checks none by
# default), so a wrong secret fails. Needs $work and a `fail` function; sets $s3_endpoint, $moto_pid,
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_DEFAULT_REGION/S3_ENDPOINT_URL (exported) and defines `moto_stop`.
# The caller's EXIT trap must call moto_stop.
"$(dirname "${BASH_SOURCE[0]}")/s3-peer.sh" >/dev/null || fail "cannot install moto[server] (Integration/lib/s3-peer.sh)"
s3_peer=${SCI_S3_PEER:-${XDG_CACHE_HOME:-$HOME/.cache}/sci/peers/s3}
moto_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$s3_peer/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
moto_stop() { kill -9 "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; }
s3_endpoint="http://127.0.0.1:$moto_port"
for _ in $(seq 1 300); do
    curl -s -o /dev/null "$s3_endpoint/moto-api/" && break
    kill -0 "$moto_pid" 2>/dev/null || fail "moto_server exited: $(tail -3 "$work/moto.log")"
    sleep 0.1
done
curl -s -o /dev/null "$s3_endpoint/moto-api/" || { moto_stop; fail "moto_server did not answer on $s3_endpoint"; }
export S3_ENDPOINT_URL=$s3_endpoint AWS_DEFAULT_REGION=us-east-1
if [ "${MOTO_AUTH:-0}" = 1 ]; then
    read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY < <("$s3_peer/bin/python" "$(dirname "${BASH_SOURCE[0]}")/moto-iam-key.py" "$s3_endpoint") \
        || { moto_stop; fail "cannot make moto's IAM key"; }
else
    AWS_ACCESS_KEY_ID=AKIAMOTOANYKEY000001 AWS_SECRET_ACCESS_KEY=moto-accepts-any-secret-without-auth
fi
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

# Sourced by cases and benchmarks that need PostgreSQL: starts a private server from Debian's `postgresql` package
# (initdb + pg_ctl, a free loopback port, its own socket folder under $work, fsync off), with the `btree_gist`
# extension daf_butler's timespan constraints need in template1, so every database created after has it.
# Runs as `nobody` when we are root (PostgreSQL refuses root). Needs $work and a `fail` function; sets $pg_port,
# $pg_user, $pg_password, $pg_url (no password in it: it goes in PGPASSWORD or ~/.pgpass) and defines
# `postgres_stop` and `psql_admin SQL…`. The caller's EXIT trap must call postgres_stop.
pg_bin=${SCI_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$pg_bin/initdb" ] || fail "PostgreSQL's server programs are not installed: make deps installs the postgresql package"
pg_user=postgres
pg_password=sci-case-Pg-$RANDOM$RANDOM
pg_dir="$work/postgres"
mkdir -p "$pg_dir/data" "$pg_dir/socket"
printf '%s' "$pg_password" >"$pg_dir/pwfile"
chmod 600 "$pg_dir/pwfile"
pg_as=()
if [ "$(id -u)" = 0 ]; then
    chmod 711 "$work"
    chown -R nobody:nogroup "$pg_dir"
    pg_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
"${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U "$pg_user" --pwfile="$pg_dir/pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync --no-instructions >"$pg_dir/initdb.log" 2>&1 \
    || fail "initdb: $(tail -3 "$pg_dir/initdb.log")"
rm -f "$pg_dir/pwfile"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/socket/server.log" -w -t 120 start \
    -o "-p $pg_port -k $pg_dir/socket -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
    >"$pg_dir/pg_ctl.log" 2>&1 || fail "pg_ctl start: $(tail -3 "$pg_dir/socket/server.log" 2>/dev/null)"
pg_url="postgresql://$pg_user@127.0.0.1:$pg_port/postgres"
postgres_stop() {
    [ -f "$pg_dir/data/postmaster.pid" ] || return 0
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 \
        || kill -9 "$(head -1 "$pg_dir/data/postmaster.pid")" 2>/dev/null || true
}
# Runs SQL as the superuser over the private socket (trust), e.g. psql_admin -d postgres -c 'CREATE DATABASE x'.
psql_admin() { "${pg_as[@]}" "$pg_bin/psql" -h "$pg_dir/socket" -p "$pg_port" -U "$pg_user" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_admin -d template1 -c 'CREATE EXTENSION IF NOT EXISTS btree_gist' >/dev/null || { postgres_stop; fail "CREATE EXTENSION btree_gist"; }

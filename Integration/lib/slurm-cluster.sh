#!/usr/bin/env bash
# A one-node Slurm cluster as plain processes, for the pipeline's Slurm case and benchmark:
#   slurm-cluster.sh start DIR   starts munged (own key and socket), slurmctld and slurmd with a slurm.conf in DIR,
#                                waits until `sbatch --wrap hostname` completes, and prints `export SLURM_CONF=…`
#   slurm-cluster.sh stop DIR    stops them by the pids in DIR (never by name: other users run the same programs)
# No systemd, no system services: everything (state, spool, logs, pids, the munge socket) lives in DIR, on private
# loopback ports. Debian's slurm-wlm 22.05 runs here as root with SlurmUser=root; exit 2 means Slurm is not installed.
set -u
action=${1:-}
dir=${2:-}
[ -n "$action" ] && [ -n "$dir" ] || { echo "usage: slurm-cluster.sh start|stop DIR" >&2; exit 64; }

stop() {
    for name in slurmd slurmctld munged; do
        [ -f "$dir/$name.pid" ] || continue
        pid=$(cat "$dir/$name.pid")
        [ -n "$pid" ] && kill "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null
        rm -f "$dir/$name.pid"
    done
}

if [ "$action" = stop ]; then stop; exit 0; fi
[ "$action" = start ] || { echo "usage: slurm-cluster.sh start|stop DIR" >&2; exit 64; }
for program in munged slurmctld slurmd sbatch scontrol; do
    command -v "$program" >/dev/null || [ -x "/usr/sbin/$program" ] || { echo "slurm-cluster: $program is not installed (apt-get install slurm-wlm munge)" >&2; exit 2; }
done
export PATH="$PATH:/usr/sbin"
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
dir=$(cd "$dir" && pwd)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
node="sci$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"

# munged refuses a key others can read, and a socket folder others can write.
if [ ! -f "$dir/munge.key" ]; then
    head -c 1024 /dev/urandom >"$dir/munge.key"
fi
chmod 700 "$dir"
chmod 600 "$dir/munge.key"
munged --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge.seed" --force 2>>"$dir/log/munged.log" \
    || { cat "$dir/log/munged.log" >&2; echo "slurm-cluster: munged did not start" >&2; exit 1; }

: >"$dir/plugstack.conf"
cat >"$dir/slurm.conf" <<EOF
ClusterName=sci
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
PlugStackConfig=$dir/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,bf_interval=1
MinJobAge=600
MailProg=/bin/true
KillWait=5
# With no Epilog, slurmd never sends EPILOG_COMPLETE, the message that runs the main scheduler when a job ends; the
# freed CPUs then wait for the next backfill pass (1 s). A no-op epilog brings 20 one-CPU jobs on 2 CPUs from 10.0 s
# to 2.0 s (sbatch --wait --array=0-19).
Epilog=/bin/true
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -i -f "$SLURM_CONF" 2>>"$dir/log/slurmctld.log" || { tail -20 "$dir/log/slurmctld.log" >&2; stop; exit 1; }
slurmd -N "$node" -f "$SLURM_CONF" 2>>"$dir/log/slurmd.log" || { tail -20 "$dir/log/slurmd.log" >&2; stop; exit 1; }

# Ready when a trivial job goes through.
for _ in $(seq 100); do
    scontrol ping >/dev/null 2>&1 && sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)' && break
    sleep 0.2
done
if ! out=$(timeout 60 sbatch --wait --parsable -o "$dir/log/hello-%j.out" --wrap hostname 2>&1); then
    echo "slurm-cluster: sbatch --wrap hostname failed: $out" >&2
    tail -n 5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2
    stop
    exit 1
fi
echo "export SLURM_CONF=$SLURM_CONF"

#!/usr/bin/env bash
# Brings up (or finds) a single-node Slurm cluster on this machine: munge + slurmctld + slurmd from Debian's
# slurm-wlm and munge packages, controller and node = `hostname`, no cgroups, no accounting. Idempotent: when
# `sinfo` already answers, nothing is started. Daemons this script starts are listed in $STATE (for slurm-down.sh).
# Exits 3 (with one line) when the packages are missing.
set -euo pipefail
STATE=${HESSIANLAB_SLURM_STATE:-/tmp/hessianlab-slurm.pids}
for b in sbatch munged slurmctld slurmd sinfo; do
  command -v "$b" >/dev/null 2>&1 || { echo "slurm-up: '$b' not found (apt-get install slurm-wlm munge)"; exit 3; }
done
if timeout 5 sinfo -h -o %t 2>/dev/null | grep -qE 'idle|mix|alloc'; then echo "slurm-up: cluster already up"; exit 0; fi

host=$(hostname)
mkdir -p /etc/munge /var/log/munge /var/lib/munge /run/munge /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /etc/slurm
[ -f /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
chown -R munge:munge /etc/munge /var/log/munge /var/lib/munge /run/munge && chmod 400 /etc/munge/munge.key
if ! pgrep -u munge -x munged >/dev/null; then
  runuser -u munge -- /usr/sbin/munged --force
  sleep 0.5
  echo "munged $(cat /run/munge/munged.pid)" >> "$STATE"
fi
mem=$(awk '/MemTotal/ {print int($2/1024*0.8)}' /proc/meminfo)
cpus=$(nproc)
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=local
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmUser=root
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
MinJobAge=600
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
pgrep -x slurmctld >/dev/null || { /usr/sbin/slurmctld; sleep 1; echo "slurmctld $(cat /run/slurmctld.pid)" >> "$STATE"; }
pgrep -x slurmd >/dev/null || { /usr/sbin/slurmd; sleep 1; echo "slurmd $(cat /run/slurmd.pid)" >> "$STATE"; }
for _ in $(seq 1 30); do
  if timeout 5 sinfo -h -o %t 2>/dev/null | grep -qE 'idle|mix|alloc'; then echo "slurm-up: node $host up"; exit 0; fi
  sleep 1
done
echo "slurm-up: the node did not come up; see /var/log/slurm/slurmctld.log and slurmd.log"
exit 1

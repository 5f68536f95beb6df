# Sourced by the fault tests (tests/faults/*.sh): a mesh over lab nodes, faults
# caused for real on one node, and the checks every fault ends with.
# The caller sets WGMESH (the wgmesh binary) and runs under tests/lab/with-lab.sh.
#
# Mesh "ft" (lab engineer "ft"): network 10.74.0.0/24, node fN on lab node nN with
# address 10.74.0.N, listen port 52400+N, endpoint the node's underlay address.
# Secrets never leave the nodes: keys are compared by a hash computed on the node.
set -uo pipefail
faults_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
lab_cmd=$faults_root/scripts/lab
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
mesh=${FAULTS_MESH:-ft}
net=${FAULTS_NET:-10.74.0}
port_base=52400
work=$(mktemp -d)
spec=$work/mesh.yaml
passed=0 failed=0 t_start=$SECONDS
out=""

ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { # shows the output of the command under test
  echo "FAIL $*"
  failed=$((failed + 1))
  [[ -n $out ]] && tail -n 12 <<<"$out" | sed 's/^/     | /'
}
check() { # DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
step() { echo "== $* ($((SECONDS - t_start)) s)"; }
finish() { # the last line, and the exit status
  echo "$passed passed, $failed failed ($((SECONDS - t_start)) s)"
  ((failed == 0))
}
# One line for docs/reliability.md: fault, front end, outcome, seconds to converge.
record() { echo "RESULT | $1 | ${2:-wgmesh} | $3 | $4 |"; }

# The test's own ssh commands share one connection per node (an ssh login costs
# ~1 s under TCG); on_direct makes a new one (to see whether sshd answers).
on() { # N CMD: run CMD as root on lab node N
  local n=$1
  shift
  ssh -F "$LAB_SSH_CONFIG" -o ControlMaster=auto -o "ControlPath=$work/ssh-%h-%p" \
    -o ControlPersist=120 "n$n" "$@"
}
on_direct() { # N CMD
  local n=$1
  shift
  ssh -F "$LAB_SSH_CONFIG" -o ControlPath=none "n$n" "$@"
}
close_connections() {
  local s
  for s in "$work"/ssh-*; do
    [[ -S $s ]] && ssh -o "ControlPath=$s" -O exit dummy >/dev/null 2>&1
  done
}
wgm() { "$WGMESH" -f "$spec" --ssh-config "$LAB_SSH_CONFIG" "$@"; }
# wgmesh in the background as a process of its own: $! is wgmesh itself (a function
# run with & would be a subshell, and a signal to $! would miss wgmesh).
wgm_bg() { # LOG ARGS... -> sets wgm_pid
  local log=$1
  shift
  "$WGMESH" -f "$spec" --ssh-config "$LAB_SSH_CONFIG" "$@" >"$log" 2>&1 &
  wgm_pid=$!
}

# ---------------------------------------------------------------- the mesh

# make_spec N...: the mesh over lab nodes N... (FAULTS_PORT_<N> overrides a port).
make_spec() {
  local n port addr
  {
    echo "name: $mesh"
    echo "network: $net.0/24"
    echo "full: true"
    echo "nodes:"
    for n in "$@"; do
      port=FAULTS_PORT_$n
      addr=LAB_NODE${n}_UNDERLAY_ADDR
      echo "  f$n:"
      echo "    addr: $net.$n/24"
      echo "    ssh: {host: n$n, connect_attempts: 2, connect_timeout: 5}"
      echo "    endpoint: \"${!addr}\""
      echo "    listen_port: ${!port:-$((port_base + n))}"
    done
  } >"$spec"
}

# Runs `wgmesh ARGS` and keeps its output (stdout and stderr) in $out, status in $rc,
# seconds in $took.
run_wgm() {
  local t0=$SECONDS
  out=$(wgm "$@" 2>&1)
  rc=$?
  took=$((SECONDS - t0))
}

# The error names the host (node fN and its ssh target) and a step, and says why.
names_host_and_step() { # N CAUSE_REGEX
  local line
  line=$(grep -E "f$1 \\(n$1\\) FAILED at step \"[^\"]+\": .*n$1" <<<"$out") && grep -qiE "$2" <<<"$line"
}
only_failed() { # N: no other node failed
  [[ $(grep -c 'FAILED at step' <<<"$out") == 1 ]]
}

# Every node pings every other node's mesh address: one node at a time (to all its
# peers at once), each pair's first answer within 45 s (tests/lab/first-answer says why).
ping_all() { # N...
  local n m targets out missing=""
  for n in "$@"; do
    targets=""
    for m in "$@"; do [[ $m == "$n" ]] || targets+=" $net.$m"; done
    out=$(on "$n" "for ip in $targets; do
      (sh /run/lab/first-answer \$ip || echo \"n$n cannot ping \$ip\") &
    done; wait")
    [[ -z $out ]] || missing+="$out"$'\n'
  done
  [[ -z $missing ]] || { printf '%s' "$missing"; return 1; }
}

# converge WHAT N...: `wgmesh up` exits 0 and the mesh pings. Sets converge_s (up
# and pings, seconds) and converged ("converges", or what went wrong) for record.
converge() {
  local what=$1 t0=$SECONDS pings=0
  shift
  run_wgm up
  check "$what: the next up exits 0 (${took} s)" test "$rc" = 0
  check "$what: the mesh pings ($*)" ping_all "$@" && pings=1
  converge_s=$((SECONDS - t0))
  converged="next up converges"
  ((rc == 0)) || converged="next up FAILS (exit $rc): $(grep -m1 -o 'FAILED at step.*' <<<"$out" | cut -c1-160)"
  ((pings)) || converged+="; the mesh does not ping"
}

# ---------------------------------------------------------------- keys, configs, leftovers

# One line per node: "nN KEY CONF JSON LEFTOVERS": a hash of the private key, of
# the wg-quick config and of the node config ("absent" when missing), and the temp
# files wgmesh may leave (its temp dirs, half-written configs): "-" when none, else
# PATH:BYTES[:SECRET],... with SECRET when the file holds the node's private key
# or a preshared key. Computed on the node: no secret leaves it.
snapshot() { # N...
  local n
  for n in "$@"; do
    on "$n" "d=/etc/wireguard; h() { if [ -s \"\$1\" ]; then sha256sum <\"\$1\" | cut -c1-16; else echo absent; fi; }
      keys=\$(sed -n 's/^\(PrivateKey\|PresharedKey\) *= *//p' \$d/wg-$mesh.conf 2>/dev/null)
      k=\$(sed -n 's/^PrivateKey *= *//p' \$d/wg-$mesh.conf 2>/dev/null | sha256sum | cut -c1-16)
      left=\$(for f in /run/wgmesh/tmp.* /run/wgmesh.* \$d/*.wgmesh-new; do
        [ -e \"\$f\" ] || continue
        printf '%s:%s' \"\$f\" \"\$(du -sb \"\$f\" | cut -f1)\"
        if [ -n \"\$keys\" ] && printf '%s\\n' \"\$keys\" | grep -rqF -f - \"\$f\"; then printf ':SECRET'; fi
        printf ,
      done)
      echo n$n \$k \$(h \$d/wg-$mesh.conf) \$(h \$d/wg-$mesh.json) \${left:--}" &
  done
  wait
}
# Only the private keys (configs may legitimately change on nodes that did apply).
keys_of() { awk '{ print $1, $2 }' <<<"$1" | sort; }
files_of() { awk '{ print $1, $2, $3, $4 }' <<<"$1" | sort; }

# No key lost and no config file lost: same private keys, both files on every node.
nothing_lost() { # SNAPSHOT_BEFORE SNAPSHOT_NOW
  local files
  files=$(awk '{ print $2, $3, $4 }' <<<"$2")
  [[ $(keys_of "$2") == $(keys_of "$1") && $files != *absent* ]]
}
# No temp file holding a secret on any node of the snapshot.
no_secret_left() { # SNAPSHOT
  local left
  left=$(awk '$5 ~ /:SECRET/ { print "     " $1 ": " $5 }' <<<"$1")
  [[ -z $left ]] || echo "$left"
  [[ -z $left ]]
}
# No temp file at all (once an up has run again: wgmesh cleans up after itself).
no_leftovers() { # SNAPSHOT
  local left
  left=$(awk '$5 != "-" { print "     " $1 ": " $5 }' <<<"$1")
  [[ -z $left ]] || echo "$left"
  [[ -z $left ]]
}

# No link and no config of the mesh on the node.
clean_node() { # N
  on "$1" "! ip -o link show | grep -qE ' (wg|br)-$mesh[:@]| gt-$mesh-' && ! ls /etc/wireguard/wg-$mesh.* >/dev/null 2>&1"
}

# engine_converges WHAT LOG CMD...: CMD (an engine's next apply) exits 0, the mesh pings
# on every node of ${all[@]}, and `no_changes` (the caller's: the engine's plan or preview
# after it) shows nothing to do. Sets converge_s (from the start of CMD to the pings).
engine_converges() {
  local what=$1 log=$2 t0=$SECONDS
  shift 2
  "$@" >"$log" 2>&1
  rc=$?
  out=$(<"$log")
  check "$what: the next apply exits 0" test "$rc" = 0
  check "$what: the mesh pings (${#all[@]} nodes)" ping_all "${all[@]}"
  converge_s=$((SECONDS - t0))
  check "$what: the plan after it is empty" no_changes
}
# The engine's destroy (CMD) exits 0 and leaves no link and no config of the mesh on any
# node of ${all[@]}.
destroy_leaves_nothing() { # CMD...
  local n
  step "destroy"
  "$@" >"$work/destroy.out" 2>&1
  rc=$?
  out=$(<"$work/destroy.out")
  check "destroy exits 0" test "$rc" = 0
  for n in "${all[@]}"; do
    check "n$n: no link and no config of mesh $mesh left" clean_node "$n"
  done
}

# No trace of the mesh on the nodes (a previous run's leftovers), quickly.
reset_nodes() { # N...
  local n
  for n in "$@"; do
    delete_links "$n" && on "$n" "rm -f /etc/wireguard/wg-$mesh.*" &
  done
  wait
}

# What boot does on a host: the links gone, the files kept, `wg-quick up` (systemd's
# wg-quick@ unit; the lab has no systemd).
delete_links() { # N
  on "$1" "for l in \$(ip -o link show | sed -n 's/^[0-9]*: \\(gt-$mesh-[^:@]*\\).*/\\1/p') br-$mesh wg-$mesh; do
    ip link del dev \$l 2>/dev/null; done; true"
}

# ---------------------------------------------------------------- faults on a node

# sshd stopped for real (connection refused). The node's mount namespace lives
# as long as a process in it: a holder keeps it for the restart, which comes from
# another node (the nodes share the VM's PID namespace).
sshd_stop() { # N -> sets sshd_holder
  sshd_holder=$(on "$1" 'setsid sleep 3600 </dev/null >/dev/null 2>&1 & echo $!; kill "$(cat /run/sshd.pid)"')
}
sshd_start() { # N HELPER_NODE
  on "$2" "nsenter -t $sshd_holder -m -n -u /usr/sbin/sshd -r -f /etc/ssh/sshd_config -E /var/log/sshd.log \
    && kill $sshd_holder"
  wait_ssh "$1"
}
# sshd hung (SIGSTOP): connections are accepted by the kernel, never answered.
sshd_freeze() { # N -> sets sshd_frozen (the listener's pid)
  sshd_frozen=$(on "$1" 'p=$(cat /run/sshd.pid) && kill -STOP "$p" && echo "$p"')
}
sshd_thaw() { # HELPER_NODE
  on "$1" "kill -CONT $sshd_frozen"
  sshd_frozen=""
}
wait_ssh() { # N
  local t
  for t in $(seq 30); do
    on_direct "$1" true 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

# A fake tool for one node only: a tmpfs over /usr/local/{bin,sbin} in the node's
# mount namespace (first on the host scripts' PATH) holding SCRIPT as NAME.
fake_tool() { # N DIR NAME SCRIPT
  on "$1" "mountpoint -q $2 || mount -t tmpfs -o size=1m,mode=755 wgmesh-fault-fake $2
    cat >$2/$3 && chmod 755 $2/$3" <<<"$4"
}
unfake_tools() { # N
  on "$1" "for d in /usr/local/bin /usr/local/sbin; do
    if grep -q \"^wgmesh-fault-fake \$d \" /proc/self/mounts; then umount \$d; fi; done"
}

# A full filesystem under /etc/wireguard: a tiny tmpfs holding the same files
# (nothing hidden from wgmesh), filled to the last block.
fill_etc_wireguard() { # N
  on "$1" 'set -e; d=/etc/wireguard; keep=$(mktemp -d); cp -a $d/. $keep/
    mount -t tmpfs -o size=128k,mode=700 wgmesh-fault-full $d; cp -a $keep/. $d/; rm -rf $keep
    dd if=/dev/zero of=$d/zz-fault-fill bs=1k 2>/dev/null || true; sync'
}
# Back to the real /etc/wireguard. The files in the tiny one must be those of the
# real one (what wgmesh saw), checked by the caller before.
unfill_etc_wireguard() { # N
  on "$1" 'd=/etc/wireguard; if grep -q "^wgmesh-fault-full $d " /proc/self/mounts; then umount $d; fi'
}

# Watches node N for the apply creating the mesh's interface (wg-<mesh> appears
# while wgmesh's script, `sh -s`, runs; or a `wg-quick up` of it) and then,
# ACTION: "report" prints HIT; "kill-session" SIGKILLs the sshd process of the
# session running it (the SSH connection dies mid-script) and prints HIT.
# Reads /proc with shell builtins only (an exec costs ~0.1 s under TCG).
watch_apply() { # N ACTION OUTFILE -> sets watcher (pid)
  on "$1" "bash -s" >"$3" 2>&1 <<EOF &
listener=\$(cat /run/sshd.pid); action=$2
echo READY
for ((i = 0; i < 6000; i++)); do
  created=0
  [[ -e /sys/class/net/wg-$mesh ]] && created=1
  for d in /proc/[0-9]*; do
    [[ \$d/ns/net -ef /proc/self/ns/net ]] || continue
    mapfile -d '' -t argv <\$d/cmdline 2>/dev/null || continue
    [[ ( \$created == 1 && "\${argv[*]}" == "sh -s" ) ||
       ( " \${argv[*]} " == *" up wg-$mesh "* && " \${argv[*]} " == *wg-quick* ) ]] || continue
    p=\${d#/proc/}
    if [[ \$action == kill-session ]]; then
      # The sshd processes between the script and the listener: that session.
      session=()
      while [[ \$p != 1 && \$p != "\$listener" ]]; do
        read -r comm </proc/\$p/comm && [[ \$comm == sshd ]] && session+=(\$p)
        read -r _ _ _ pp _ </proc/\$p/stat || break
        p=\$pp
      done
      [[ \$p == "\$listener" && \${#session[@]} -gt 0 ]] || { echo "no session found"; exit 1; }
      kill -KILL "\${session[@]}"; echo "HIT session \${session[*]}"; exit 0
    fi
    echo HIT; exit 0
  done
  sleep 0.05
done
echo TIMEOUT; exit 1
EOF
  watcher=$!
  local t
  for t in $(seq 200); do
    grep -q READY "$3" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
# Runs CMD (an engine's apply) in the background as a terminal would (a process group
# of its own, SIGINT not ignored: a background job of a script has it ignored otherwise)
# and, once node N runs the mesh's `wg-quick up`, sends SIGNAL: INT to the group, like
# Ctrl-C; KILL to CMD's process alone. Sets signal_hit (1: sent during N's wg-quick up),
# cmd_rc, and stopped_in (seconds from the signal to CMD's exit; 999: it did not exit
# within 120 s and was killed). cmd_pid is CMD's while it runs (for a cleanup trap).
signal_during_apply() { # SIGNAL N LOG CMD...
  local sig=$1 n=$2 log=$3 t0 i
  shift 3
  watch_apply "$n" report "$work/watch"
  set -m
  "$@" >"$log" 2>&1 &
  cmd_pid=$!
  set +m
  signal_hit=0
  wait_hit "$work/watch" 240 && signal_hit=1
  if [[ $sig == INT ]]; then kill -INT -- "-$cmd_pid"; else kill "-$sig" "$cmd_pid"; fi
  t0=$SECONDS
  for i in $(seq 1200); do
    kill -0 "$cmd_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$cmd_pid" 2>/dev/null; then
    kill -KILL "$cmd_pid"
    stopped_in=999
  else
    stopped_in=$((SECONDS - t0))
  fi
  wait "$cmd_pid"
  cmd_rc=$?
  cmd_pid="" watcher=""
}
# No process whose command line matches PATTERN within 10 s (an engine's provider).
none_left() { # PATTERN
  local t
  for t in $(seq 20); do
    pgrep -f "$1" >/dev/null || return 0
    sleep 0.5
  done
  return 1
}
wait_hit() { # OUTFILE SECONDS
  local t
  for t in $(seq $(($2 * 10))); do
    grep -q '^HIT' "$1" 2>/dev/null && return 0
    grep -qE '^(TIMEOUT|no session)' "$1" 2>/dev/null && return 1
    sleep 0.1
  done
  return 1
}

# Sourced by the Terraform e2e scripts after lab.env: commands on lab nodes as root.
#   node_ssh N CMD...   runs CMD on lab node N (host key checked)
#   all_ping N...       every listed node pings every other's bridge address $net.N
#   host_clean N        no link and no config of mesh $mesh left on node N

node_ssh() { # n cmd...
  local n=$1 port=LAB_NODE${1}_PORT
  shift
  ssh -i "$LAB_SSH_KEY" -o IdentitiesOnly=yes -o UserKnownHostsFile="$LAB_KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes \
    -o ConnectTimeout=10 -o LogLevel=ERROR -p "${!port}" root@127.0.0.1 -- "$@"
}
# One pair at a time, each pair's first answer within 45 s (tests/lab/first-answer).
all_ping() {
  local i j
  for i in "$@"; do
    for j in "$@"; do
      ((i == j)) && continue
      node_ssh "$i" sh /run/lab/first-answer "$net.$j" ||
        { echo "  n$i cannot ping n$j" >&2; return 1; }
    done
  done
}
host_clean() { # n
  node_ssh "$1" "! ip -o link show | grep -q -- '-$mesh' && ! test -e /etc/wireguard/wg-$mesh.conf"
}
# A continuous ping while an engine works: N pings each ADDR every 0.2 s on the node itself.
#   pings_start N TAG ADDR...   starts them (TAG names the run's files in /tmp on the node)
#   pings_stop N TAG            stops them; prints "SENT RECEIVED" summed over the ADDRs
pings_start() { # n tag addr...
  local n=$1 tag=$2 a cmd=""
  shift 2
  for a in "$@"; do cmd+="ping -i 0.2 -W 1 $a >/tmp/$tag-$a.ping 2>&1 & echo \$! >>/tmp/$tag.pids; "; done
  node_ssh "$n" "rm -f /tmp/$tag.pids; $cmd" </dev/null
}
pings_stop() { # n tag
  node_ssh "$1" "kill -INT \$(cat /tmp/$2.pids); sleep 1
    cat /tmp/$2-*.ping | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' |
      awk '{ s += \$1; r += \$2 } END { print s + 0, r + 0 }'
    rm -f /tmp/$2.pids /tmp/$2-*.ping"
}

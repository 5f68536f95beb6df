# shellcheck shell=bash
# Shared by bench/terraform_bench.sh and bench/plugin_overhead.sh: timing Terraform/OpenTofu
# provider plugins (the measuring itself is in plugin_time.py beside this file).
# Expects $here (the bench dir) to be set by the sourcing script.

pb_time=${here:?set by the sourcing script}/lib/plugin_time.py

# pb_load: the 1-minute load average.
pb_load() { cut -d' ' -f1 /proc/loadavg; }

# pb_client_cert DIR: a self-signed P-256 client certificate in DIR/client.pem, as tofu's
# AutoMTLS sends in PLUGIN_CLIENT_CERT (the plugin then makes its own server certificate).
pb_client_cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -keyout "$1/client.key" -out "$1/client.pem" >/dev/null 2>&1
}

# pb_fmt_ms MEDIAN MIN MAX RUNS: "median 19.6 ms (16.7-30.5 ms, 10 runs)".
pb_fmt_ms() { printf 'median %s ms (%s-%s ms, %s runs)' "$1" "$2" "$3" "$4"; }

# pb_handshake RUNS CERT BIN...: one line per BIN, "BIN<TAB>median<TAB>min<TAB>max<TAB>VmHWM kB"
# (ms; the binaries run interleaved). See plugin_time.py.
pb_handshake() { python3 "$pb_time" handshake "$@"; }

#!/usr/bin/env bash
# The released Terraform/OpenTofu provider installs the way a user installs it: `init` of
# examples/terraform from the filesystem mirror and from the network mirror (dist/terraform-mirror
# served over HTTPS on loopback), each with a CLI config naming only that mirror (no
# dev_overrides, an empty HOME), with OpenTofu and Terraform 1.5.7; the lock file records the
# release's version and hashes; then a plan (no host is touched: nothing exists yet).
#   terraform-mirrors.sh DIST     Exit: 0 passed, 1 failed, 77 skipped (no engine / no dist)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tests/release/lib.sh"
dist="$(realpath "$1")"
address=wgmesh.local/wgmesh/wgmesh
mirror="$dist/terraform-mirror"
zip="terraform-provider-wgmesh_${version}_linux_amd64.zip"
need_dist "$dist" "$zip" "terraform-provider-wgmesh_${version}_SHA256SUMS" "terraform-mirror/$address/$zip"

tofu_dir="$("$root/scripts/install-tofu" 2>"$work/install.log")" \
  || { echo "SKIP - OpenTofu is not installed"; exit 77; }
terraform_dir="$("$root/scripts/install-terraform" 2>>"$work/install.log")" \
  || { echo "SKIP - Terraform is not installed"; exit 77; }

# The hashes a user checks against: SHA256SUMS (zh:) and the mirror's h1: (of the zip's files).
zh="zh:$(awk -v f="$zip" '$2 == f {print $1}' "$dist/terraform-provider-wgmesh_${version}_SHA256SUMS")"
h1="$(python3 -c 'import json,sys; print([h for h in json.load(open(sys.argv[1]))["archives"]
      ["linux_amd64"]["hashes"] if h.startswith("h1:")][0])' "$mirror/$address/$version.json")"

# ---- the network mirror: dist/terraform-mirror over HTTPS on loopback
serve_https "$mirror" || exit 1

example_tfvars "$work" "$work"

# cli_config KIND: a CLI config whose only provider source is the filesystem or network mirror.
cli_config() {
  case "$1" in
    filesystem) printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$mirror" ;;
    network) printf 'provider_installation {\n  network_mirror {\n    url = "https://127.0.0.1:%s/"\n  }\n}\n' "$https_port" ;;
  esac
}

# lock_has DIR HASH...: the lock file pins wgmesh at the release's version with every HASH.
lock_has() {
  local lock="$1/.terraform.lock.hcl" h
  grep -qF "provider \"$address\"" "$lock" || return 1
  grep -q "version *= \"$version\"" "$lock" || return 1
  shift
  for h in "$@"; do grep -qF "\"$h\"" "$lock" || { echo "lock lacks $h"; cat "$lock"; return 1; }; done
}

# fetched_since LINE: the server sent the release zip after its log's line LINE.
fetched_since() {
  tail -n "+$(($1 + 1))" "$work/server.log" >"$work/requests"
  cat "$work/requests"
  grep -qF "GET /$address/$zip -> 200" "$work/requests"
}

# plan_adds_three: tf (below) plans the example's mesh and its two nodes.
plan_adds_three() { plans_three_adds tf plan -input=false -var-file="$work/vars.json"; }

for engine in tofu terraform; do
  bin_dir="$tofu_dir"; [[ $engine == terraform ]] && bin_dir="$terraform_dir"
  for kind in filesystem network; do
    ex="$work/$engine-$kind"
    mkdir -p "$ex/home"
    cp "$root/examples/terraform/main.tf" "$ex/"
    cli_config "$kind" >"$ex/cli.tfrc"
    tf() {
      (cd "$ex" && env -u TF_PLUGIN_CACHE_DIR HOME="$ex/home" TF_CLI_CONFIG_FILE="$ex/cli.tfrc" \
        SSL_CERT_FILE="$https_cert" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1 \
        "$bin_dir/$engine" "$@" -no-color)
    }
    before="$(wc -l <"$work/server.log")"
    if run tf init -input=false; then
      ok "$engine init installs wgmesh $version from the $kind mirror"
    else
      bad "$engine init from the $kind mirror"
      continue
    fi
    if [[ $kind == network ]]; then
      check "$engine downloaded the release zip from the network mirror" fetched_since "$before"
      # OpenTofu also records the mirror's zh: (the zip's SHA256SUMS line); Terraform 1.5.7
      # records only the h1: it verified the download against.
      if [[ $engine == tofu ]]; then
        check "tofu's lock file records the version, h1: and the SHA256SUMS zh: hash" \
          lock_has "$ex" "$h1" "$zh"
      else
        check "terraform's lock file records the version and the release's h1: hash" \
          lock_has "$ex" "$h1"
      fi
    else
      check "$engine's lock file records the version and the release's h1: hash" lock_has "$ex" "$h1"
    fi
    check "$engine plan of the example with the installed provider (3 to add)" plan_adds_three
  done
done
finish

#!/usr/bin/env bash
# The Debian package installs into a clean Debian bookworm root (debootstrap minbase, cached by
# clean-root.sh) with apt, which pulls its Depends from Debian's packages; there `wgmesh
# --version`, both plugins' --version and `wgmesh check` of examples/mesh.yaml run, and the
# man page and the bash completion work.
#   debian-package.sh DIST    Exit: 0 passed, 1 failed, 77 skipped (not root / no debootstrap)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tests/release/lib.sh"
dist="$(realpath "$1")"
deb_version="${version//-/\~}"
deb="wgmesh_${deb_version}_amd64.deb"
need_dist "$dist" "$deb"
[[ $(id -u) == 0 ]] || { echo "SKIP - needs root (chroot)"; exit 77; }
command -v debootstrap >/dev/null || { echo "SKIP - debootstrap is not installed"; exit 77; }
tf_path="usr/share/terraform/plugins/wgmesh.local/wgmesh/wgmesh/$version/linux_amd64/terraform-provider-wgmesh"

# ---- the package itself
dpkg-deb --field "$dist/$deb" Depends >"$work/depends"
check "Depends lists the binaries' runtime libraries (dpkg-shlibdeps)" \
  sh -c "cat '$work/depends'; grep -q 'libc6' '$work/depends' && grep -q 'libssh' '$work/depends'"
dpkg-deb --contents "$dist/$deb" >"$work/contents"
for f in usr/bin/wgmesh usr/bin/pulumi-resource-wgmesh "$tf_path" \
         usr/share/man/man1/wgmesh.1.gz usr/share/bash-completion/completions/wgmesh; do
  check "the package holds /$f" grep -q " \./$f\$" "$work/contents"
done

# ---- installed into a clean bookworm root
tarball="$("$root/tests/release/clean-root.sh" 2>"$work/clean-root.log")" \
  || { cat "$work/clean-root.log"; echo "FAIL - no clean Debian root"; exit 1; }
chroot_dir="$work/root"
mkdir -p "$chroot_dir"
tar -C "$chroot_dir" -xf "$tarball"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
cp "$dist/$deb" "$chroot_dir/tmp/"
cp "$root/examples/mesh.yaml" "$chroot_dir/tmp/mesh.yaml"
archives="${WGMESH_CACHE:-/var/cache/wgmesh}/debian/apt-archives"
mkdir -p "$archives/partial"
# in_root CMD: CMD in the root, in a mount namespace of its own (its mounts vanish with it);
# downloaded packages are cached across runs.
in_root() {
  unshare --mount --propagation private sh -c '
    mount -t proc proc "$1/proc" && mount --bind "$2" "$1/var/cache/apt/archives" \
      && shift 2 && exec chroot "$0" /usr/bin/env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
         DEBIAN_FRONTEND=noninteractive HOME=/root "$@"' "$chroot_dir" "$chroot_dir" "$archives" "$@"
}
check "apt-get install ./$deb in the clean root (Depends from Debian's packages)" \
  in_root sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends /tmp/$deb"
# reports_version BIN NAME: BIN --version in the root says "NAME <version>".
reports_version() {
  local out
  out="$(in_root "$1" --version)" || return 1
  echo "$out"
  [[ $out == "$2 $version"* ]]
}
for bin in wgmesh pulumi-resource-wgmesh "/$tf_path"; do
  name="$(basename "$bin")"
  check "$name --version prints $version there" reports_version "$bin" "$name"
done
check "wgmesh check of examples/mesh.yaml there" in_root wgmesh -f /tmp/mesh.yaml check

man_page() {
  in_root gzip -dc /usr/share/man/man1/wgmesh.1.gz >"$work/man" || return 1
  head -5 "$work/man"
  grep -q '^\.TH WGMESH' "$work/man" && grep -q 'mesh\.yaml' "$work/man" && grep -qF "$version" "$work/man"
}
check "the man page is wgmesh's --help (and names the version)" man_page

# completes WORDS... EXPECTED: the bash completion offers EXPECTED for the command line WORDS.
completes() {
  local expected="${*: -1}" out
  out="$(in_root bash -c '. /usr/share/bash-completion/completions/wgmesh
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wgmesh; echo "${COMPREPLY[*]}"' _ "${@:1:$#-1}")" \
    || return 1
  echo "completed: $out"
  [[ $out == "$expected" ]]
}
# The provider in /usr/share/terraform/plugins: OpenTofu finds it with no configuration at all.
tofu_dir="$("$root/scripts/install-tofu" 2>"$work/install.log")"
if [[ -n $tofu_dir ]]; then
  cp "$tofu_dir/tofu" "$chroot_dir/usr/local/bin/tofu"  # a static Go binary
  mkdir -p "$chroot_dir/tmp/tf"
  cp "$root/examples/terraform/main.tf" "$chroot_dir/tmp/tf/"
  example_tfvars "$chroot_dir/tmp/tf" /tmp/tf
  check "tofu init in the root installs the packaged provider with no CLI config" \
    in_root sh -c "cd /tmp/tf && tofu init -input=false -no-color \
      && grep -q 'version *= \"$version\"' .terraform.lock.hcl"
  check "tofu plan in the root runs the packaged provider (3 to add)" \
    plans_three_adds in_root sh -c "cd /tmp/tf && tofu plan -input=false -no-color -var-file=vars.json"
else
  echo "SKIP - OpenTofu is not installed: no tofu init in the root"
fi

# The Pulumi plugin on PATH (/usr/bin): the engine finds it with no plugin install and no
# plugins.providers path (an ambient plugin).
pulumi_dir="$("$root/scripts/install-pulumi" 2>"$work/install.log")"
if [[ -n $pulumi_dir ]]; then
  cp "$pulumi_dir/pulumi" "$pulumi_dir/pulumi-language-yaml" "$chroot_dir/usr/local/bin/"  # static Go
  mkdir -p "$chroot_dir/tmp/yaml/state"
  sed '/^plugins:/,/^config:/{/^config:/!d}' "$root/examples/pulumi/yaml/Pulumi.yaml" \
    >"$chroot_dir/tmp/yaml/Pulumi.yaml"
  example_tfvars "$chroot_dir/tmp/yaml" /tmp/yaml  # for its SSH key and known_hosts
  check "pulumi preview in the root runs the packaged plugin from PATH (5 to create)" \
    in_root env PULUMI_CONFIG_PASSPHRASE=release-test PULUMI_SKIP_UPDATE_CHECK=true sh -c '
      cd /tmp/yaml && pulumi login file:///tmp/yaml/state >/dev/null \
      && pulumi stack init release --non-interactive \
      && pulumi config set wgmesh:knownHostsFile /tmp/yaml/known_hosts \
      && pulumi config set --secret wgmesh:privateKey </tmp/yaml/id \
      && pulumi preview --non-interactive >/tmp/yaml/preview.out 2>&1; rc=$?
      cat /tmp/yaml/preview.out; [ $rc = 0 ] && grep -q "5 to create" /tmp/yaml/preview.out'
else
  echo "SKIP - Pulumi is not installed: no preview in the root"
fi

check "bash completes 'wgmesh ch' to check" completes wgmesh ch check
check "bash completes 'wgmesh -f x --ver' to --version" completes wgmesh -f x --ver --version
finish

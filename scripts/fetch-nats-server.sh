#!/usr/bin/env bash
# scripts/fetch-nats-server.sh [DIR]
#   Puts nats-server 2.15.x (Debian's package, a static binary) under DIR (default: .tools/nats-server-2.15/ at
#   the repo root) and prints the binary's path. The testkit, `./dev start`, the reliability scenarios and the
#   deploy checks use that path when it exists (NATS_SERVER_BIN overrides it). Idempotent: when the binary is
#   there it only prints the path.
#
#   How: a private apt sources list built from the machine's own apt sources (the Debian archive URIs it uses for
#   its release, with that suite swapped for NEWER_SUITES), private lists and cache, so the system's apt state is
#   untouched and nothing is installed: `apt-get download` + `dpkg-deb -x`. No mirror is named here.
#   Needs apt-get and dpkg-deb (Debian or a derivative). Run as root or not: apt only writes under DIR.
set -euo pipefail

WANTED=${NATS_SERVER_WANTED:-2.15} # major.minor
NEWER_SUITES=(forky sid)           # Debian testing (2.15.1 on 2026-12-07) and unstable

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=$(realpath -m "${1:-$repo/.tools/nats-server-$WANTED}")
bin="$dest/usr/sbin/nats-server"

fail() {
  echo "fetch-nats-server: $*" >&2
  echo "fetch-nats-server: alternatively set NATS_SERVER_BIN to a nats-server $WANTED binary (https://github.com/nats-io/nats-server/releases)" >&2
  exit 1
}

# machine_archives, newer_suite_apt, newer_suite_version
source "$repo/scripts/lib/debian-archives.sh"

if [[ ! -x $bin ]]; then
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || fail "needs apt-get and dpkg-deb"
  apt="$dest/apt" # scratch space for apt, removed afterwards
  rm -rf "$apt"
  echo "fetch-nats-server: looking for nats-server $WANTED.x in ${NEWER_SUITES[*]}" >&2
  newer_suite_apt "$apt" "${NEWER_SUITES[@]}" || fail "apt-get update on the private sources list failed"
  opts=("${NEWER_APT_OPTS[@]}")
  version=$(newer_suite_version nats-server "$WANTED")
  [[ -n $version ]] || fail "no nats-server $WANTED.x in ${NEWER_SUITES[*]}"
  (cd "$apt" && apt-get "${opts[@]}" -qq download "nats-server=$version" >&2) || fail "download of nats-server $version failed"
  # Unpack without installing: the binary ends up in $dest/usr/sbin/.
  dpkg-deb -x "$apt"/nats-server_*.deb "$dest"
  rm -rf "$apt"
fi

"$bin" --version >&2 || fail "$bin does not run here"
echo "$bin"

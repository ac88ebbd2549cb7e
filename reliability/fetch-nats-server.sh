#!/usr/bin/env bash
# reliability/fetch-nats-server.sh [DIR]
#   Puts a nats-server 2.10 binary (Debian trixie's package) under DIR (default: .tools/nats-server-2.10/ at the
#   repo root) and prints its path, for NATS_SERVER_BIN in reliability scenario 04 (sync_interval needs 2.10+;
#   bookworm ships 2.9). Uses a private apt sources list, lists and cache, so the system's apt state is not
#   touched; nothing is installed. Does nothing but print the path when the binary is already there.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=$(realpath -m "${1:-$repo/.tools/nats-server-2.10}")
bin="$dest/usr/sbin/nats-server"

if [[ ! -x $bin ]]; then
  apt="$dest/apt" # scratch space for apt, removed afterwards
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
  echo 'deb http://deb.debian.org/debian trixie main' >"$apt/sources.list"
  opts=(
    -o "Dir::Etc::SourceList=$apt/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists"
    -o "Dir::Cache=$apt/cache"
    -o APT::Sandbox::User=root # as root, avoid the "_apt cannot access" warning
  )
  apt-get "${opts[@]}" -qq update
  (cd "$apt" && apt-get "${opts[@]}" -qq download nats-server)
  # Unpack without installing: the binary ends up in $dest/usr/sbin/.
  dpkg-deb -x "$apt"/nats-server_*.deb "$dest"
  rm -rf "$apt"
fi

"$bin" --version >&2
echo "$bin"

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

# `deb [options] <uri>` for every Debian archive source of this machine's own release (not -security, -updates,
# nor third-party suites), from one-line `.list` files and deb822 `.sources` files.
machine_archives() {
  local codename
  codename=${RELEASE_CODENAME:-$(. /etc/os-release && echo "${VERSION_CODENAME:-}")}
  [[ -n $codename ]] || return 0
  local etc=${APT_ETC:-/etc/apt} # another directory only to try the parsing out
  local files=("$etc/sources.list" "$etc"/sources.list.d/*.list "$etc"/sources.list.d/*.sources)
  for file in "${files[@]}"; do
    [[ -f $file ]] || continue
    if [[ $file == *.sources ]]; then
      # deb822: stanzas separated by blank lines; `Key: value`; `#` comments.
      awk -v want="$codename" '
        function flush(   n, i, u) {
          if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " suites " ") ~ (" " want " ")) {
            n = split(uris, u, " ")
            for (i = 1; i <= n; i++) print (signed ~ /^\// ? "[signed-by=" signed "] " : "") u[i]
          }
          types = ""; uris = ""; suites = ""; signed = ""; enabled = ""
        }
        /^[[:space:]]*#/ { next }
        /^[[:space:]]*$/ { flush(); next }
        /^[[:space:]]/ { next } # a continuation line (an inline key): only a keyring path is reused
        {
          colon = index($0, ":"); key = tolower(substr($0, 1, colon - 1)); value = substr($0, colon + 1)
          gsub(/[[:space:]]+/, " ", value); sub(/^ /, "", value); sub(/ $/, "", value)
          if (key == "types") types = value
          else if (key == "uris") uris = value
          else if (key == "suites") suites = value
          else if (key == "signed-by") signed = value
          else if (key == "enabled") enabled = tolower(value)
        }
        END { flush() }
      ' "$file"
    else
      # One-line: `deb [opts] uri suite component…`
      awk -v want="$codename" '
        /^[[:space:]]*deb[[:space:]]/ {
          line = $0; sub(/#.*/, "", line); sub(/^[[:space:]]+/, "", line); n = split(line, f, /[[:space:]]+/)
          i = 2; opts = ""
          if (f[i] ~ /^\[/) { while (i <= n && f[i] !~ /\]$/) { opts = opts " " f[i]; i++ } opts = opts " " f[i]; i++ }
          if (f[i + 1] == want) { sub(/^ /, "", opts); print (opts != "" ? opts " " : "") f[i] }
        }
      ' "$file"
    fi
  done | sort -u
}

if [[ ! -x $bin ]]; then
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || fail "needs apt-get and dpkg-deb"
  mapfile -t archives < <(machine_archives)
  [[ ${#archives[@]} -gt 0 ]] || fail "found no Debian archive for this release in /etc/apt/sources.list{,.d/}"
  apt="$dest/apt" # scratch space for apt, removed afterwards
  rm -rf "$apt"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
  for archive in "${archives[@]}"; do
    for suite in "${NEWER_SUITES[@]}"; do echo "deb $archive $suite main"; done
  done >"$apt/sources.list"
  opts=(
    -o "Dir::Etc::SourceList=$apt/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists"
    -o "Dir::Cache=$apt/cache"
    -o Debug::NoLocking=true
  )
  # As root, apt would hand the downloads to the `_apt` user, who cannot write under DIR.
  [[ $(id -u) -eq 0 ]] && opts+=(-o APT::Sandbox::User=root)
  echo "fetch-nats-server: looking for nats-server $WANTED.x in ${NEWER_SUITES[*]}" >&2
  apt-get "${opts[@]}" -qq update >&2 || fail "apt-get update on the private sources list failed"
  # The newest $WANTED.x any of the suites has (madison lists newest first).
  version=$(apt-cache "${opts[@]}" madison nats-server | awk -F'|' -v w="$WANTED" '
    { gsub(/ /, "", $2) } index($2, w ".") == 1 { print $2; exit }')
  [[ -n $version ]] || fail "no nats-server $WANTED.x in ${NEWER_SUITES[*]}"
  (cd "$apt" && apt-get "${opts[@]}" -qq download "nats-server=$version" >&2) || fail "download of nats-server $version failed"
  # Unpack without installing: the binary ends up in $dest/usr/sbin/.
  dpkg-deb -x "$apt"/nats-server_*.deb "$dest"
  rm -rf "$apt"
fi

"$bin" --version >&2 || fail "$bin does not run here"
echo "$bin"

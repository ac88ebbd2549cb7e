# scripts/lib/debian-archives.sh: sourced (bash) by the scripts that take packages from Debian without naming a
# mirror. Everything is built from this machine's own apt sources.
#
#   machine_archives          `[options] <uri>` of every Debian archive source of this machine's release
#   machine_archive_uri       the first such URI alone (what debootstrap takes as its mirror)
#   newer_suite_apt DIR S...  a private apt (sources list, lists, cache under DIR) whose sources are the machine's
#                             archives with its release swapped for the suites S...; sets the array NEWER_APT_OPTS
#                             (pass it to apt-get/apt-cache) and runs `apt-get update` on it. The system's apt
#                             state is untouched and nothing is installed.
#   newer_suite_version PKG PREFIX  the newest version of PKG starting with PREFIX. in those suites (or nothing)

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

machine_archive_uri() {
  machine_archives | sed -E 's/^\[[^]]*\] //' | head -n 1
}

newer_suite_apt() {
  local dir=$1
  shift
  local archives archive suite
  mapfile -t archives < <(machine_archives)
  [[ ${#archives[@]} -gt 0 ]] || {
    echo "found no Debian archive for this release in /etc/apt/sources.list{,.d/}" >&2
    return 1
  }
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
  for archive in "${archives[@]}"; do
    for suite in "$@"; do echo "deb $archive $suite main"; done
  done >"$dir/sources.list"
  NEWER_APT_OPTS=(
    -o "Dir::Etc::SourceList=$dir/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$dir/lists"
    -o "Dir::Cache=$dir/cache"
    -o Debug::NoLocking=true
  )
  # As root, apt would hand the downloads to the `_apt` user, who cannot write under DIR.
  [[ $(id -u) -eq 0 ]] && NEWER_APT_OPTS+=(-o APT::Sandbox::User=root)
  apt-get "${NEWER_APT_OPTS[@]}" -qq update >&2
}

newer_suite_version() {
  # madison lists newest first. awk reads to the end: an early exit would SIGPIPE apt-cache (pipefail).
  apt-cache "${NEWER_APT_OPTS[@]}" madison "$1" | awk -F'|' -v w="$2" '
    { gsub(/ /, "", $2) } !found && (w == "" || index($2, w ".") == 1) { print $2; found = 1 }'
}

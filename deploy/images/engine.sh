# deploy/images/engine.sh: sourced (bash). A throwaway Docker engine for CI and for machines without one.
#
#   engine_start   installs Debian's docker.io if dockerd is missing, puts the BuildKit (docker-buildx) and
#                  Compose v2 CLI plugins from Debian's newer suites in a private DOCKER_CONFIG (cached; nothing
#                  under ~/.docker), and starts dockerd as root with everything (data, exec root, socket, log)
#                  in one temp dir: no bridge, no iptables (containers use the host network), a private socket
#                  (DOCKER_HOST, exported), so nothing else on the machine sees this engine. Waits until it answers.
#   engine_stop    removes every container, stops dockerd (TERM, KILL after 20 s), unmounts what it left and
#                  removes the temp dir. Idempotent: call it from an EXIT trap.
#
# Needs root, apt-get and dpkg-deb. Uses scripts/lib/debian-archives.sh and base_cache_dir (local-base.sh).

PLUGIN_SUITES=(forky sid)
ENGINE_DIR=

engine_plugins() {
  local dir
  dir="$(base_cache_dir)/docker-cli-plugins"
  if [[ ! -x $dir/docker-buildx || ! -x $dir/docker-compose ]]; then
    echo "engine: fetching docker-buildx and docker-compose (v2) from ${PLUGIN_SUITES[*]} (once; cached in $dir)" >&2
    local apt="$dir.apt" pkg version
    rm -rf "$apt"
    newer_suite_apt "$apt" "${PLUGIN_SUITES[@]}" || return 1
    for pkg in docker-buildx docker-compose; do
      version=$(newer_suite_version "$pkg" "") # the newest
      (cd "$apt" && apt-get "${NEWER_APT_OPTS[@]}" -qq download "$pkg=$version" >&2) || return 1
      dpkg-deb -x "$apt/${pkg}_"*.deb "$apt/root"
    done
    mkdir -p "$dir"
    cp "$(find "$apt/root" -path '*cli-plugins/docker-buildx' | head -n 1)" "$dir/docker-buildx"
    cp "$(find "$apt/root" -path '*cli-plugins/docker-compose' | head -n 1)" "$dir/docker-compose"
    rm -rf "$apt"
  fi
  echo "$dir"
}

engine_start() {
  [[ $(id -u) -eq 0 ]] || { echo "engine: dockerd needs root" >&2; return 1; }
  if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
    echo "engine: installing docker.io" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; } >&2 || return 1
  fi
  local plugins
  plugins=$(engine_plugins) || return 1
  ENGINE_DIR=$(mktemp -d /tmp/li-bus-engine.XXXXXX)
  mkdir -p "$ENGINE_DIR/config/cli-plugins"
  ln -s "$plugins/docker-buildx" "$plugins/docker-compose" "$ENGINE_DIR/config/cli-plugins/"
  export DOCKER_CONFIG="$ENGINE_DIR/config" DOCKER_HOST="unix://$ENGINE_DIR/docker.sock" DOCKER_BUILDKIT=1
  dockerd --data-root "$ENGINE_DIR/data" --exec-root "$ENGINE_DIR/exec" --pidfile "$ENGINE_DIR/dockerd.pid" \
    --host "$DOCKER_HOST" --bridge=none --iptables=false --ip-masq=false --log-level=warn \
    >"$ENGINE_DIR/dockerd.log" 2>&1 &
  echo $! >"$ENGINE_DIR/dockerd.pid.launched"
  local i
  for i in $(seq 1 60); do
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break
    kill -0 "$(cat "$ENGINE_DIR/dockerd.pid.launched")" 2>/dev/null || break
    sleep 0.5
  done
  docker version --format 'engine: dockerd {{.Server.Version}} (buildx '"$(docker buildx version | awk '{print $2}')"')' >&2 ||
    { echo "engine: dockerd did not start:" >&2; tail -n 20 "$ENGINE_DIR/dockerd.log" >&2; return 1; }
}

engine_stop() {
  [[ -n $ENGINE_DIR && -d $ENGINE_DIR ]] || return 0
  local pid i
  pid=$(cat "$ENGINE_DIR/dockerd.pid.launched" 2>/dev/null || true)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    docker ps -aq 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1 || true
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # Overlay and shm mounts dockerd may have left behind, deepest first.
  awk -v d="$ENGINE_DIR" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf "$ENGINE_DIR"
  ENGINE_DIR=
}

#!/usr/bin/env bash
# deploy/images/build.sh [TAG]   (default TAG: dev)
#   Builds the images from the repository root with the engine at DOCKER_HOST (or the default one):
#     <PREFIX>auth-gateway, <PREFIX>token-keeper, <PREFIX>publisher   (services/Dockerfile, --build-arg SERVICE)
#     <PREFIX>linkedin-emulator                                       (packages/linkedin-emulator/Dockerfile)
#   PREFIX is IMAGE_PREFIX (default `li-bus/`, e.g. `registry.example.com/li-bus/`).
#   Base: NODE_IMAGE when set; else the official node:<version>-bookworm-slim when it can be pulled; else a local
#   equivalent made from Debian's packages and the npm registry (deploy/images/local-base.sh, cached). It says
#   which one it used. BASE=official|local forces the choice.
#   With --infra it also builds the local stand-ins of the infrastructure images the compose file and the
#   testkit name, from Debian's packages on the local Debian base: nats:2.15-alpine (nats-server 2.15, see
#   scripts/fetch-nats-server.sh) and redis:7.4.2-alpine (Debian's redis-server). Never push those.
#   Builds run with --network host (no bridge needed). Prints each image's size.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$repo/deploy/images"
source "$repo/scripts/lib/debian-archives.sh"
source "$here/local-base.sh"

infra=false
tag=dev
for arg in "$@"; do
  case $arg in
    --infra) infra=true ;;
    -*) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
    *) tag=$arg ;;
  esac
done
prefix=${IMAGE_PREFIX:-li-bus/}
OFFICIAL_NODE_IMAGE="node:$NODE_VERSION-$DEBIAN_RELEASE-slim"

# BuildKit: the buildx plugin when the CLI has it, else the engine's built-in BuildKit.
image_build() {
  if docker buildx version >/dev/null 2>&1; then
    docker buildx build --load --network host "$@"
  else
    DOCKER_BUILDKIT=1 docker build --network host "$@"
  fi
}

node_image=${NODE_IMAGE:-}
if [[ -z $node_image ]]; then
  case ${BASE:-auto} in
    official) node_image=$OFFICIAL_NODE_IMAGE ;;
    local) node_image=$(local_node_image) ;;
    auto)
      if docker image inspect "$OFFICIAL_NODE_IMAGE" >/dev/null 2>&1 ||
        timeout 60 docker pull -q "$OFFICIAL_NODE_IMAGE" >/dev/null 2>&1; then
        node_image=$OFFICIAL_NODE_IMAGE
      else
        echo "build.sh: $OFFICIAL_NODE_IMAGE cannot be pulled here; making a local base from Debian's packages" >&2
        node_image=$(local_node_image)
      fi
      ;;
    *) echo "build.sh: BASE must be official, local or auto" >&2; exit 2 ;;
  esac
fi
echo "build.sh: base image $node_image$([[ $node_image == "$OFFICIAL_NODE_IMAGE" ]] && echo ' (official)' || echo ' (local)')"

built=()
build() { # image dockerfile [build args…]
  local image=$1 dockerfile=$2 start=$SECONDS
  shift 2
  image_build --quiet --build-arg "NODE_IMAGE=$node_image" "$@" -f "$dockerfile" -t "$image" "$repo" >/dev/null
  echo "build.sh: built $image in $((SECONDS - start)) s"
  built+=("$image")
}
for service in token-keeper publisher auth-gateway; do
  build "${prefix}$service:$tag" "$repo/services/Dockerfile" --build-arg "SERVICE=$service"
done
build "${prefix}linkedin-emulator:$tag" "$repo/packages/linkedin-emulator/Dockerfile"

if $infra; then
  debian_image=$(local_debian_image)
  context=$(mktemp -d "${TMPDIR:-/tmp}/li-bus-infra.XXXXXX")
  trap 'rm -rf "$context"' EXIT
  cp "$("$repo/scripts/fetch-nats-server.sh")" "$context/nats-server"
  for infra_image in nats:2.15-alpine:nats redis:7.4.2-alpine:redis; do
    name=${infra_image%:*}
    image_build --quiet --build-arg "DEBIAN_IMAGE=$debian_image" -f "$here/${infra_image##*:}.Dockerfile" \
      -t "$name" "$context" >/dev/null
    echo "build.sh: built $name (local stand-in from Debian's packages)"
    built+=("$name")
  done
fi

for image in "${built[@]}"; do
  docker image inspect --format '{{.Size}}' "$image" | awk -v i="$image" '{ printf "build.sh: size %-40s %4d MB\n", i, int($1 / 1e6 + 0.5) }'
done

#!/usr/bin/env bash
# deploy/images/ci-check.sh: the container step of .ci/run. Builds every image and runs it as production would.
#   1. a throwaway Docker engine (deploy/images/engine.sh: data in a temp dir, no bridge, private socket)
#   2. deploy/images/build.sh ci --infra: the service and emulator images (local base where none can be pulled)
#      and the local NATS/Redis stand-ins under the names docker-compose.yml uses
#   3. docker compose config, then `up --wait` of the infrastructure services (nats, redis): healthy
#   4. the testkit's testcontainers path for real (packages/testkit/test/containers.test.ts)
#   5. the end-to-end check (packages/deploy-checks/src/images/run-images-e2e.ts): hardened containers, a connect
#      through the gateway, a post through NATS to the emulator, traces exported; sizes and start-to-ready times
# Fails on the first failure. The engine is stopped and its temp dir removed on every exit (trap).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
# Node 24 and pnpm as ./dev installed them (the machine's own node may be older than the TypeScript here needs).
[[ -x .tools/node_modules/.bin/node ]] && export PATH="$repo/.tools/node_modules/.bin:$PATH"
source scripts/lib/debian-archives.sh
source deploy/images/local-base.sh
source deploy/images/engine.sh

started=$SECONDS
step() { echo "== images [$((SECONDS - started)) s]: $*"; }
project=li-bus-images-ci
compose=(docker compose -p "$project" -f docker-compose.yml -f deploy/images/compose.host-network.yml)
finish() {
  local status=$?
  if [[ -n $ENGINE_DIR ]]; then
    "${compose[@]}" down --volumes >/dev/null 2>&1 || true
    engine_stop
  fi
  if [[ $status -eq 0 ]]; then step "passed"; else step "FAILED (exit $status)"; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

step "starting a private Docker engine"
engine_start

step "building the images"
deploy/images/build.sh ci --infra

step "docker compose config"
docker compose -f docker-compose.yml config --quiet
docker compose -f docker-compose.yml --profile app config --quiet

step "docker compose up --wait nats redis (host network)"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
CI_NATS_PORT=$(free_port) CI_NATS_MONITOR_PORT=$(free_port) CI_REDIS_PORT=$(free_port)
export CI_NATS_PORT CI_NATS_MONITOR_PORT CI_REDIS_PORT
"${compose[@]}" up --detach --wait --wait-timeout 60 nats redis
"${compose[@]}" ps --format '{{.Service}} {{.Image}} {{.Status}}'
"${compose[@]}" down --volumes

step "testkit: testcontainers path"
# Host network (no bridge), no Ryuk reaper (its image cannot be pulled; the test removes what it starts), and
# no gateway lookup on the (missing) bridge for the host name.
tc_out=$(NO_COLOR=1 TESTKIT_CONTAINER_NETWORK=host TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 \
  pnpm vitest run --reporter=verbose packages/testkit/test/containers.test.ts 2>&1) || { echo "$tc_out"; exit 1; }
echo "$tc_out" | grep -E '✓|✗|×|Tests ' || true
# Skipped is not passed: the tests must have run against this engine.
grep -Eq 'Tests +.*2 passed' <<<"$tc_out" || { echo "$tc_out"; echo "testcontainers tests did not run" >&2; exit 1; }

step "end-to-end: hardened containers, connect, post, traces"
node packages/deploy-checks/src/images/run-images-e2e.ts ci

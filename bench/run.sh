#!/usr/bin/env bash
# The benchmarks in one command each: builds what is needed, starts Switchboard on free ports with a
# fresh data folder (--insecure: plain TCP, SASL PLAIN), runs the driver's scenario against it
# (creating its accounts first), prints the result and stops everything it started.
#
#   bench/run.sh SCENARIO [local|distributed] [driver options...]
#   bench/run.sh chat local                      # 1000 clients, 3000 msgs/s
#   bench/run.sh chat local --rate 1000          # latency at 1000 msgs/s
#   bench/run.sh login local                     # 100 logins/s over 1000 accounts
#   bench/run.sh offline distributed             # store 10 messages for each offline account,
#                                                # then log the accounts in and drain them
#   bench/run.sh notify local --rate 500         # signed notification requests to a webhook
#   bench/run.sh reconcile                       # the operator's reconcile latency (no platform,
#                                                # no mode: bench/run-reconcile.sh)
#
# SCENARIO:     chat | login | offline | notify (see bench/README.md; `--help` after it lists its
#               options)
# local:        one JVM with all four stages; its CPU is the server CPU.
# distributed:  nats-server (JetStream) + the embedded store (dev-mongo) + access, parser,
#               processor and router as four JVMs; server CPU = the four stages + nats-server; the
#               store's CPU is reported on its own line, outside the sum. Warm-up 30 s by
#               default (login: 60 s).
#
# Environment:
#   JAVA_OPTS            JVM options of the server processes (default: none, like ./switchboard)
#   BENCH_JAVA_OPTS      JVM options of the driver (default: -Xms256m -Xmx1g -XX:+UseSerialGC)
#   SB_MAVEN_LOCK        the build lock shared with other builds (default /tmp/sb-maven.lock)
#   SB_BENCH_HOLD_LOCK   1 (default): hold that lock for the whole run, so that no cooperating
#                        Maven build runs while we measure; 0: only check it is free
#   SB_BENCH_KEEP=1      keep the temporary folder (logs, data) instead of deleting it
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LOCK="${SB_MAVEN_LOCK:-/tmp/sb-maven.lock}"
HOLD_LOCK="${SB_BENCH_HOLD_LOCK:-1}"

say() { echo "[run] $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

usage() { sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

SCENARIO="${1:-}"
[[ $# -gt 0 ]] && shift
case "$SCENARIO" in
  chat | login | offline | notify) ;;
  reconcile) exec "$ROOT/bench/run-reconcile.sh" "$@" ;;
  -h | --help | "")
    usage
    exit 0
    ;;
  *) die "the first argument must be chat, login, offline, notify or reconcile, not '$SCENARIO'" ;;
esac
MODE="${1:-local}"
[[ $# -gt 0 ]] && shift
case "$MODE" in
  local | distributed) ;;
  -h | --help)
    usage
    exit 0
    ;;
  *) die "the second argument must be local or distributed, not '$MODE'" ;;
esac
for arg in "$@"; do
  if [[ "$arg" == -h || "$arg" == --help ]]; then # the driver's options, without a run
    usage
    echo
    jar="$ROOT/bench/target/switchboard-bench.jar"
    [[ -f "$jar" ]] || die "build the driver first: mvn -o package -pl bench -am"
    exec java -jar "$jar" "$SCENARIO" --help
  fi
done

for tool in java mvn curl flock timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is needed and not on the PATH"
done
if [[ "$MODE" == distributed ]]; then
  command -v nats-server >/dev/null 2>&1 || die "distributed mode needs nats-server on the PATH"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sb-bench.XXXXXX")"
LOGS="$WORK/logs"
mkdir -p "$LOGS" "$WORK/app" "$WORK/bench"
PIDS=()
NAMES=()

stop_all() {
  local i pid deadline
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "${NAMES[$i]} (pid $pid) ignored SIGTERM for 20 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

show_logs() {
  local f
  for f in "$LOGS"/*.log; do
    [[ -f "$f" ]] || continue
    echo "----- last 40 lines of $(basename "$f") -----" >&2
    tail -n 40 "$f" >&2
  done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_all
  if ((rc != 0)); then
    say "failed (status $rc); the logs:"
    show_logs
  fi
  if [[ "${SB_BENCH_KEEP:-0}" == 1 ]]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ build (under the Maven lock)

exec 9>>"$LOCK"
if [[ "$HOLD_LOCK" == 1 ]]; then
  if ! flock -n 9; then
    say "waiting for $LOCK (a build is running; up to 30 min)…"
    flock -w 1800 9 || die "$LOCK stayed busy for 30 minutes"
  fi
else
  flock -n 9 || say "warning: a Maven build holds $LOCK: the figures will be disturbed"
  flock -u 9
fi

build() {
  local args=(-B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true
    package -pl services/platform,bench -am)
  (cd "$ROOT" && { mvn -o "${args[@]}" || mvn "${args[@]}"; }) >"$LOGS/build.log" 2>&1
}

say "building the platform and the driver (mvn -o package -pl services/platform,bench -am)…"
if [[ "$HOLD_LOCK" == 1 ]]; then
  build_ok=0
  build && build_ok=1
else
  build_ok=0
  flock -w 1800 "$LOCK" bash -c "$(declare -f build); ROOT='$ROOT' LOGS='$LOGS' build" &&
    build_ok=1
fi
PLATFORM_JAR="$ROOT/services/platform/target/switchboard.jar"
BENCH_JAR="$ROOT/bench/target/switchboard-bench.jar"
if ((build_ok == 0)); then
  tail -n 30 "$LOGS/build.log" >&2
  [[ -f "$PLATFORM_JAR" && -f "$BENCH_JAR" ]] || die "the build failed and there are no jars"
  say "WARNING: the build failed (above); measuring the jars built before:"
  say "  $(ls -l --time-style=+%FT%T "$PLATFORM_JAR")"
fi
# Private copies: a build started by someone else during the run cannot swap the jars under us.
cp -r "$PLATFORM_JAR" "$ROOT/services/platform/target/lib" "$WORK/app/"
cp -r "$BENCH_JAR" "$ROOT/bench/target/lib" "$WORK/bench/"

# ------------------------------------------------------------------ start the platform

# Ports are picked below the kernel's ephemeral range, so that the outgoing connections of the
# processes started meanwhile (to NATS, to the store) cannot take one before its server binds it.
USED_PORTS=" "
EPHEMERAL_LOW="$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
((EPHEMERAL_LOW > 12000)) || EPHEMERAL_LOW=32768
free_port() {
  local p _
  for _ in $(seq 1 500); do
    p=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      USED_PORTS+="$p "
      echo "$p"
      return 0
    fi
  done
  die "no free port found"
}

# start NAME COMMAND...: in the background, output to $LOGS/NAME.log, without the lock's fd.
start() {
  local name="$1"
  shift
  (cd "$WORK" && exec "$@" 9>&-) >"$LOGS/$name.log" 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
  say "started $name (pid $!)"
}

last_pid() { echo "${PIDS[${#PIDS[@]} - 1]}"; }

# wait_for NAME PID CHECK-COMMAND...: until the check passes (180 s at most).
wait_for() {
  local name="$1" pid="$2" deadline=$((SECONDS + 180))
  shift 2
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || die "$name (pid $pid) exited during start-up"
    ((SECONDS < deadline)) || die "$name did not become ready within 180 s"
    sleep 0.3
  done
}

health() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/health"; }
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1"); }

# shellcheck disable=SC2206 # JAVA_OPTS is split on spaces on purpose, like ./switchboard does
# The XEP-0368 direct-TLS listener (fixed port 5223 by default) is not used here: turned off, so
# that the run does not collide with another server on this machine.
SERVER_JAVA=(java ${JAVA_OPTS:-} -Dswitchboard.xmpp.direct-tls-port=-1
  -jar "$WORK/app/switchboard.jar")
XMPP_PORT="$(free_port)"
SERVER_PIDS=()
STORE_PIDS=()
RUN_EXTRA=()
DRIVER_EXTRA=()

# notify: the notification catalog (a webhook Channel pointing at the driver's receiver, whose port
# is picked here, a Template, an Application) in a config folder that every stage reads, and one
# API master key for every stage (it encrypts the application's secret key in the shared store).
if [[ "$SCENARIO" == notify ]]; then
  RECEIVER_PORT="$(free_port)"
  WEBHOOK_SECRET="bench-webhook-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
  MASTER_KEY="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  mkdir -p "$WORK/config"
  cat >"$WORK/config/bench.yaml" <<YAML
apiVersion: switchboard.io/v1alpha1
kind: Channel
metadata: {name: webhook}
spec:
  serverRef: bench
  type: webhook
  endpoint: http://127.0.0.1:$RECEIVER_PORT/hook
  secretRef: {name: bench-webhook}
  retry: {maxAttempts: 5, initialBackoff: 1s, maxBackoff: 10s}
---
apiVersion: v1
kind: Secret
metadata: {name: bench-webhook}
stringData: {signingKey: $WEBHOOK_SECRET}
---
apiVersion: switchboard.io/v1alpha1
kind: Template
metadata: {name: bench}
spec:
  serverRef: bench
  subject: "bench {{ seq }}"
  variables: [{name: seq}]
  variants:
    - format: text
      body: "bench notification {{ seq }}"
---
apiVersion: switchboard.io/v1alpha1
kind: Application
metadata: {name: bench}
spec:
  serverRef: bench
  allowedChannels: [webhook]
  allowedTemplates: [bench]
YAML
  SERVER_JAVA=(java ${JAVA_OPTS:-} -Dswitchboard.xmpp.direct-tls-port=-1
    "-Dswitchboard.api.master-key=$MASTER_KEY" -jar "$WORK/app/switchboard.jar")
  RUN_EXTRA=(--config "$WORK/config")
  DRIVER_EXTRA=(--receiver-port "$RECEIVER_PORT" --webhook-secret "$WEBHOOK_SECRET")
fi

if [[ "$MODE" == local ]]; then
  HTTP_PORT="$(free_port)"
  start platform "${SERVER_JAVA[@]}" run --data "$WORK/data" --insecure \
    --xmpp-port "$XMPP_PORT" --http-port "$HTTP_PORT" "${RUN_EXTRA[@]}"
  SERVER_PIDS+=("$(last_pid)")
  wait_for platform "$(last_pid)" health "$HTTP_PORT"
  TOKEN_FILE="$WORK/data/admin-token"
  METRICS_PORT="$HTTP_PORT"
else
  NATS_PORT="$(free_port)"
  MONGO_PORT="$(free_port)"
  start nats-server nats-server -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$WORK/nats"
  SERVER_PIDS+=("$(last_pid)")
  wait_for nats-server "$(last_pid)" tcp_open "$NATS_PORT"
  start store "${SERVER_JAVA[@]}" dev-mongo --port "$MONGO_PORT" --data "$WORK/store"
  STORE_PIDS+=("$(last_pid)")
  wait_for store "$(last_pid)" tcp_open "$MONGO_PORT"
  for role in router processor parser access; do
    port="$(free_port)"
    extra=()
    [[ "$role" == router ]] && METRICS_PORT="$port" # the router stores offline messages
    if [[ "$role" == access ]]; then
      HTTP_PORT="$port"
      extra=(--xmpp-port "$XMPP_PORT" --insecure)
    fi
    start "$role" "${SERVER_JAVA[@]}" run --mode distributed --role "$role" \
      --nats "nats://127.0.0.1:$NATS_PORT" --mongo "mongodb://127.0.0.1:$MONGO_PORT" \
      --node-id "bench-$role" --data "$WORK/$role" --http-port "$port" "${extra[@]}" \
      "${RUN_EXTRA[@]}"
    SERVER_PIDS+=("$(last_pid)")
    wait_for "$role" "$(last_pid)" health "$port"
  done
  TOKEN_FILE="$WORK/access/admin-token"
fi
wait_for "XMPP listener" "${SERVER_PIDS[-1]}" tcp_open "$XMPP_PORT"
[[ -s "$TOKEN_FILE" ]] || die "no admin token in $TOKEN_FILE"
say "platform up ($MODE): XMPP 127.0.0.1:$XMPP_PORT, HTTP 127.0.0.1:$HTTP_PORT"

# ------------------------------------------------------------------ run the driver

# Distributed mode stalls for several seconds when the load starts (see docs/performance.md):
# a 30 s warm-up keeps that out of the window (60 s for logins, whose cold stages fall behind by
# more). An explicit --warmup wins (it comes later).
defaults=()
warmup=10 duration=30 drain=120 hold=5 clients="" rate="" login_rate=100 per=10 flush=10
[[ "$SCENARIO" == login ]] && warmup=30
[[ "$SCENARIO" == notify ]] && warmup=15
if [[ "$MODE" == distributed ]]; then
  warmup=30
  [[ "$SCENARIO" == login ]] && warmup=60
  [[ "$SCENARIO" == notify ]] && warmup=20
  defaults=(--warmup "$warmup")
fi
args=("$@")
for ((i = 0; i < ${#args[@]} - 1; i++)); do
  v="${args[$((i + 1))]}"
  case "${args[$i]}" in
    --warmup) warmup="$v" ;;
    --duration) duration="$v" ;;
    --drain-max) drain="$v" ;;
    --hold) hold="$v" ;;
    --clients) clients="$v" ;;
    --rate) rate="$v" ;;
    --login-rate) login_rate="$v" ;;
    --per-recipient) per="$v" ;;
    --flush-timeout) flush="$v" ;;
  esac
done
# The time bound: 5 minutes for users and logins, plus the phases asked for.
case "$SCENARIO" in
  chat | notify) BOUND=$((300 + warmup + duration + drain)) ;;
  login) BOUND=$((300 + warmup + duration + hold + 120)) ;;
  offline)
    # storing (warm-up + window, or clients x per / rate), catching up, then two rounds of logins
    BOUND="$(awk -v w="$warmup" -v d="$duration" -v c="$clients" -v r="${rate:-250}" \
      -v l="$login_rate" -v k="$per" -v dm="$drain" -v f="$flush" 'BEGIN {
        n = (c == "") ? r * (w + d) / k : c
        printf "%d", 300 + n * k / r + dm + 2 * (n / l + 60 + f) }')"
    ;;
esac
extra=(--create-users)
[[ "$SCENARIO" == offline ]] && extra+=(--metrics "http://127.0.0.1:$METRICS_PORT")
[[ "$SCENARIO" == notify ]] && extra=("${DRIVER_EXTRA[@]}") # no XMPP accounts

if ! flock -n "$LOCK" true 2>/dev/null && [[ "$HOLD_LOCK" != 1 ]]; then
  say "warning: a Maven build is running now: the figures will be disturbed"
fi

pids_csv() { local IFS=,; echo "$*"; }
# shellcheck disable=SC2206
BENCH_JAVA=(java ${BENCH_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseSerialGC} -jar "$WORK/bench/switchboard-bench.jar")
driver=("${BENCH_JAVA[@]}" "$SCENARIO" --host 127.0.0.1 --port "$XMPP_PORT" --domain localhost
  --http "http://127.0.0.1:$HTTP_PORT" --token "$(cat "$TOKEN_FILE")"
  --mode-label "$MODE" --server-pids "$(pids_csv "${SERVER_PIDS[@]}")" "${extra[@]}")
if ((${#STORE_PIDS[@]} > 0)); then
  driver+=(--store-pids "$(pids_csv "${STORE_PIDS[@]}")")
fi
say "running the $SCENARIO scenario (at most $BOUND s)…"
set +e
timeout -k 10 "$BOUND" "${driver[@]}" "${defaults[@]}" "$@" 9>&- 2>&1 | tee "$LOGS/$SCENARIO.txt"
status="${PIPESTATUS[0]}"
set -e
((status == 124)) && say "the driver did not finish within $BOUND s"

# What the server said while it ran: warnings and errors.
for f in "$LOGS"/*.log; do
  [[ "$(basename "$f")" == build.log ]] && continue
  n="$(grep -c -E ' (WARN|ERROR) |\[(WRN|ERR)\]' "$f" || true)"
  if ((n > 0)); then
    say "$(basename "$f" .log): $n warning/error lines; the first ones:"
    grep -E ' (WARN|ERROR) |\[(WRN|ERR)\]' "$f" | head -n 10 >&2
  fi
done
exit "$status"

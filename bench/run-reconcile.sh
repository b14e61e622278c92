#!/usr/bin/env bash
# The operator's reconcile latency, in one command: builds the operator and the driver, then runs
# io.switchboard.bench.reconcile.ReconcileBench, which starts Fabric8's mock API server (CRUD mode,
# CRDs registered) and the operator in one JVM, creates MessagingServers from the minimal example
# and times "created → every object present" and "→ Ready"; it prints the figures and stops.
#
#   bench/run-reconcile.sh [driver options...]     (also: bench/run.sh reconcile [options...])
#   bench/run-reconcile.sh                         # 20 servers one at a time, then 100 at once
#   bench/run-reconcile.sh --servers 200 --bursts 3
#   bench/run-reconcile.sh --help                  # the driver's options, without a run
#
# Environment:
#   BENCH_JAVA_OPTS      JVM options of the benchmark JVM (default: -Xms256m -Xmx1g)
#   SB_MAVEN_LOCK        the build lock shared with other builds (default /tmp/sb-maven.lock)
#   SB_BENCH_HOLD_LOCK   1 (default): hold that lock for the whole run, so that no cooperating
#                        Maven build runs while we measure; 0: only for the build
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LOCK="${SB_MAVEN_LOCK:-/tmp/sb-maven.lock}"
HOLD_LOCK="${SB_BENCH_HOLD_LOCK:-1}"
MAIN=io.switchboard.bench.reconcile.ReconcileBench

say() { echo "[run] $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

for arg in "$@"; do
  if [[ "$arg" == -h || "$arg" == --help ]]; then
    sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    echo
    jar="$ROOT/bench/target/switchboard-bench.jar"
    [[ -f "$jar" ]] || die "build the driver first: mvn -o package -pl bench -am"
    exec java -cp "$jar" "$MAIN" --help
  fi
done
for tool in java mvn flock timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is needed and not on the PATH"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sb-reconcile.XXXXXX")"
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if ((rc != 0)) && [[ -f "$WORK/build.log" ]]; then
    tail -n 30 "$WORK/build.log" >&2
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

exec 9>>"$LOCK"
if ! flock -n 9; then
  say "waiting for $LOCK (a build is running; up to 30 min)…"
  flock -w 1800 9 || die "$LOCK stayed busy for 30 minutes"
fi
say "building the operator and the driver (mvn -o package -pl bench -am)…"
args=(-B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true package -pl bench -am)
(cd "$ROOT" && { mvn -o "${args[@]}" || mvn "${args[@]}"; }) >"$WORK/build.log" 2>&1 ||
  die "the build failed"
# A private copy: a build started by someone else during the run cannot swap the jars under us.
mkdir -p "$WORK/bench"
cp -r "$ROOT/bench/target/switchboard-bench.jar" "$ROOT/bench/target/lib" "$WORK/bench/"
if [[ "$HOLD_LOCK" != 1 ]]; then
  flock -u 9
fi

# shellcheck disable=SC2206 # BENCH_JAVA_OPTS is split on spaces on purpose
java_cmd=(java ${BENCH_JAVA_OPTS:--Xms256m -Xmx1g} -cp "$WORK/bench/switchboard-bench.jar" "$MAIN"
  --example "$ROOT/examples/messagingserver-minimal.yaml")
say "running the reconcile benchmark (at most 30 min)…"
set +e
timeout -k 10 1800 "${java_cmd[@]}" "$@" 9>&-
status=$?
set -e
((status == 124)) && say "the benchmark did not finish within 30 min"
exit "$status"

#!/usr/bin/env bash
# The streaming relay benchmark: 1,000 concurrent streams of 100 tokens 20 ms apart from a fast
# Node fake upstream, read directly and through the gateway (LLM_PROVIDER=vllm, -Xmx256m,
# Serial GC, in-flight cap lifted), alternately, over several rounds after a warm-up, on this
# machine. Prints the medians of the four goal figures side by side: wall time for all streams,
# the p99 gap between a stream's consecutive tokens as clients see it, CPU per 1,000 chunks
# (the fake's, the gateway's), and the gateway's peak RSS; every run also checks that every
# stream arrived whole.
# Usage: bench/stream.sh [rounds, default 3]   (after ./mvnw package; needs node, JAVA_HOME on a JDK 25)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/image-jvm.sh
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
ROUNDS="${1:-3}"
STREAMS="${BENCH_STREAMS:-1000}"
TOKENS="${BENCH_TOKENS:-100}"
GAP_MS="${BENCH_GAP_MS:-20}"
FAKE_PORT="${BENCH_FAKE_PORT:-18100}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18081}"
JAR="${BENCH_JAR:-$(ls target/intelia-llm-*.jar | head -1)}"
MODEL="bench-drip-$TOKENS-$GAP_MS"
WORK=$(mktemp -d)
ulimit -n "$(ulimit -Hn)"
PIDS=()
cleanup() { if [ -n "${BENCH_RAW_DIR:-}" ]; then mkdir -p "$BENCH_RAW_DIR" && cp "$WORK"/*.jsonl "$BENCH_RAW_DIR"/ 2>/dev/null || true; fi; for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
wait_for() { until curl -sf "$1" >/dev/null 2>&1; do kill -0 "$2" 2>/dev/null || { tail -n 30 "$WORK"/*.log >&2; exit 1; }; sleep 0.1; done; }
# CPU time of a process so far, in ms (utime + stime from /proc, in clock ticks).
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }
peak_rss_mib() { awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

node bench/stream/fake-upstream.mjs "$FAKE_PORT" "$MODEL" >"$WORK/fake.log" 2>&1 &
FAKE_PID=$!
PIDS+=("$FAKE_PID")
wait_for "http://127.0.0.1:$FAKE_PORT/v1/models" "$FAKE_PID"
cat >"$WORK/models.yml" <<YML
models:
  - id: bench-stream
    upstream-model: $MODEL
YML
LLM_PROVIDER=vllm VLLM_URL="http://127.0.0.1:$FAKE_PORT" VLLM_MODEL="$MODEL" MODELS_FILE="$WORK/models.yml" \
	LLM_MAX_CONCURRENT_REQUESTS=5000 PORT="$GATEWAY_PORT" LOG_LEVEL=WARN ${BENCH_GATEWAY_ENV:-} \
	"$JAVA" -Xmx256m $IMAGE_JVM_FLAGS ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")
wait_for "http://127.0.0.1:$GATEWAY_PORT/health/readiness" "$GATEWAY_PID"

DIRECT="http://127.0.0.1:$FAKE_PORT/v1/chat/completions"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"
# one <url> <model>: a run's JSON figures, plus the CPU both processes spent in it
one() {
	local fake0 gw0 out
	fake0=$(cpu_ms "$FAKE_PID")
	gw0=$(cpu_ms "$GATEWAY_PID")
	out=$(node bench/stream/client.mjs "$1" "$2" "$STREAMS" "$TOKENS")
	echo "$out" | sed "s/}\$/,\"fakeCpuMs\":$(($(cpu_ms "$FAKE_PID") - fake0)),\"gatewayCpuMs\":$(($(cpu_ms "$GATEWAY_PID") - gw0))}/"
}

# Warm-up: 120 s of streams. The JIT compiles the relay's per-event paths in the first runs, and
# the per-request ones (a thousand calls per run) only after 20 to 30 runs: -XX:+PrintCompilation
# logged 30 to 100 compilations a run between runs 19 and 30 (C2 still 8% of the gateway's CPU in a
# profile of runs 21-22, after 60 s), and 5 to 20 a run after run 30, about 100 s in.
WARM_UP_SECONDS="${BENCH_WARM_UP_SECONDS:-120}"
warm_until=$((SECONDS + WARM_UP_SECONDS))
while [ "$SECONDS" -lt "$warm_until" ]; do one "$GATEWAY" bench-stream >/dev/null; done
for round in $(seq 1 "$ROUNDS"); do
	one "$DIRECT" "$MODEL" >>"$WORK/direct.jsonl"
	one "$GATEWAY" bench-stream >>"$WORK/gateway.jsonl"
done

python3 - "$WORK/direct.jsonl" "$WORK/gateway.jsonl" "$STREAMS" "$TOKENS" "$(peak_rss_mib "$GATEWAY_PID")" <<'PY'
import json, statistics, sys
direct = [json.loads(l) for l in open(sys.argv[1])]
gateway = [json.loads(l) for l in open(sys.argv[2])]
streams, tokens, rss = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
med = lambda runs, key: statistics.median(r[key] for r in runs)
chunks = streams * (tokens + 4)  # role, tokens, finish, usage, [DONE]
fake_per = med(direct, 'fakeCpuMs') * 1000 / chunks
gw_per = med(gateway, 'gatewayCpuMs') * 1000 / chunks
up_per = med(gateway, 'fakeCpuMs') * 1000 / chunks
rows = [
    ('wall time, all streams (ms)', med(direct, 'wallMs'), med(gateway, 'wallMs')),
    ('events per second', med(direct, 'eventsPerSecond'), med(gateway, 'eventsPerSecond')),
    ('inter-token gap p50 (ms)', med(direct, 'gapP50'), med(gateway, 'gapP50')),
    ('inter-token gap p99 (ms)', med(direct, 'gapP99'), med(gateway, 'gapP99')),
]
print(f"{streams} streams x {tokens} tokens, medians of {len(direct)} alternating rounds")
print(f"{'':34}{'direct':>10}{'gateway':>10}")
for name, d, g in rows:
    print(f"{name:34}{d:>10.1f}{g:>10.1f}")
print(f"{'CPU per 1,000 chunks (ms)':34}{fake_per:>10.1f}{gw_per:>10.1f}   (fake's own during gateway runs: {up_per:.1f})")
print(f"{'gateway peak RSS (MiB)':34}{'':>10}{rss:>10}")
broken = sum(r['broken'] + r['statusErrors'] for r in gateway + direct)
print(f"streams not whole or refused: {broken}")
print("goals: wall <= 1.2x direct: %s; gap p99 <= 2x direct: %s; CPU/chunk <= 2x upstream's: %s; peak RSS <= 350 MiB: %s" % (
    'MET' if med(gateway, 'wallMs') <= 1.2 * med(direct, 'wallMs') else 'MISSED',
    'MET' if med(gateway, 'gapP99') <= 2 * med(direct, 'gapP99') else 'MISSED',
    'MET' if gw_per <= 2 * fake_per else 'MISSED',
    'MET' if rss <= 350 else 'MISSED'))
PY

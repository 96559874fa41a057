#!/usr/bin/env bash
# What one unit of load costs on the gateway's heap: a blocking request in flight, a stream
# waiting for its first token and one in flight, a request waiting for an in-flight slot, and
# an idle connection. The live heap (after a full collection) is read with N of them held open, against the same process idle;
# the difference divided by N is the figure the service's load limits are derived from
# (access.LoadLimits, docs/performance.md).
# Usage: bench/memory.sh [N, default 1000]   (after ./mvnw package; needs hey, curl, python3, JAVA_HOME on JDK 25)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/image-jvm.sh
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
N="${1:-1000}"
FAKE_PORT="${BENCH_FAKE_PORT:-18000}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18081}"
JAR="${BENCH_JAR:-$(ls target/intelia-llm-*.jar | head -1)}"
WORK=$(mktemp -d)
ulimit -n "$(ulimit -Hn)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; cp "$WORK"/*.log /tmp/ 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
body() { printf '{"model":"%s","stream":%s,"messages":[{"role":"user","content":"Quelle temperature pour des poulets de 21 jours ?"}],"max_tokens":64}' "$1" "$2"; }
wait_for() { until curl -sf "$1" >/dev/null 2>&1; do kill -0 "$2" 2>/dev/null || { tail -n 30 "$WORK"/*.log >&2; exit 1; }; sleep 0.1; done; }
# The live heap in KiB: a full collection, then the used sizes of every generation.
live_kib() {
	"$JCMD" "$1" GC.run >/dev/null
	"$JCMD" "$1" GC.heap_info | awk '/^ *(DefNew|Tenured|def new generation|tenured generation) / {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); s+=v}} END {print s}'
}
in_flight() { curl -sf "$GATEWAY/metrics" | awk '/^llm_requests_in_flight / {printf "%d", $2}'; }
wait_in_flight() { # count
	for _ in $(seq 1 600); do [ "$(in_flight)" -ge "$1" ] && return 0; sleep 0.1; done
	echo "only $(in_flight) of $1 in flight" >&2; exit 1
}
wait_idle() { for _ in $(seq 1 600); do [ "$(in_flight)" -eq 0 ] && return 0; sleep 0.1; done; }

start_gateway() { # extra environment assignments
	env LLM_PROVIDER=vllm VLLM_URL="http://127.0.0.1:$FAKE_PORT" VLLM_MODEL=bench-fast \
		MODELS_FILE="file:$PWD/bench/models.yml" PORT="$GATEWAY_PORT" LOG_LEVEL=WARN \
		SERVER_TOMCAT_MAX_CONNECTIONS=20000 SERVER_TOMCAT_ACCEPT_COUNT=4096 "$@" \
		"$JAVA" -Xmx1g $IMAGE_JVM_FLAGS ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
	GATEWAY_PID=$!
	PIDS+=("$GATEWAY_PID")
	wait_for "$GATEWAY/health/readiness" "$GATEWAY_PID"
	# Warm the paths measured, so classes and caches are loaded before the idle reading.
	hey -n 200 -c 10 -m POST -T application/json -d "$(body bench false)" "$GATEWAY/v1/chat/completions" >/dev/null
	hey -n 50 -c 10 -m POST -T application/json -d "$(body bench-prompt true)" "$GATEWAY/v1/chat/completions" >/dev/null
}
stop_gateway() { kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true; }

# hold <label> <alias> <stream>: N requests held open, cost per request in KiB
hold() {
	local base loaded client
	base=$(live_kib "$GATEWAY_PID")
	hey -n "$N" -c "$N" -t 600 -m POST -T application/json -d "$(body "$2" "$3")" "$GATEWAY/v1/chat/completions" >/dev/null 2>&1 &
	client=$!
	wait_in_flight "$N"
	sleep 2 # let streams reach their steady state
	loaded=$(live_kib "$GATEWAY_PID")
	kill "$client" 2>/dev/null || true
	wait "$client" 2>/dev/null || true
	wait_idle
	awk -v l="$1" -v b="$base" -v x="$loaded" -v n="$N" 'BEGIN {printf "%-44s %8.1f KiB  (live %d -> %d KiB)\n", l, (x-b)/n, b, x}'
}

"$JAVA" -Dsun.net.httpserver.maxIdleConnections=100000 bench/FakeUpstream.java "$FAKE_PORT" >"$WORK/fake.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$FAKE_PORT/v1/models" "${PIDS[0]}"

echo "Heap cost per unit of load, N=$N, -Xmx1g $IMAGE_JVM_FLAGS${BENCH_JAVA_OPTS:-}, $("$JAVA" -version 2>&1 | head -1)"
start_gateway LLM_MAX_CONCURRENT_REQUESTS=100000
hold "blocking request in flight (no prompt)" bench-hold false
hold "blocking request in flight (aviculture prompt)" bench-hold-prompt false
hold "stream waiting for its first token (aviculture prompt)" bench-hold-prompt true
hold "stream in flight (aviculture prompt)" bench-drip true
stop_gateway

start_gateway LLM_MAX_CONCURRENT_REQUESTS=1 LLM_QUEUE_WAIT_MS=600000
hold "request waiting for a slot" bench-hold false

base=$(live_kib "$GATEWAY_PID")
python3 - "$GATEWAY_PORT" "$N" "$WORK/sockets.ready" <<'PY' &
import socket, sys, time, pathlib
port, n, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
pathlib.Path(ready).touch()
time.sleep(600)
PY
SOCKETS=$!
until [ -f "$WORK/sockets.ready" ]; do sleep 0.1; done
sleep 2
loaded=$(live_kib "$GATEWAY_PID")
kill "$SOCKETS"
awk -v b="$base" -v x="$loaded" -v n="$N" 'BEGIN {printf "%-44s %8.1f KiB  (live %d -> %d KiB)\n", "idle connection (accepted, no request yet)", (x-b)/n, b, x}'
stop_gateway

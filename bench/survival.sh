#!/usr/bin/env bash
# Issue 10's survival runs, on the packaged jar at its defaults (load limits derived from the
# heap): 300 concurrent 20-token streams and 1,000 concurrent 1 s requests on -Xmx256m, then a
# burst of 3,000 concurrent 1 s requests on -Xmx256m and on -Xmx128m. Prints each run's status
# counts and slowest answer, whether an OutOfMemoryError was logged, and whether the service
# answered normally right after.
# Usage: bench/survival.sh   (after ./mvnw package; needs hey and curl, JAVA_HOME on a JDK 25)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/image-jvm.sh
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
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

"$JAVA" -Dsun.net.httpserver.maxIdleConnections=100000 bench/FakeUpstream.java "$FAKE_PORT" >"$WORK/fake.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$FAKE_PORT/v1/models" "${PIDS[0]}"

start_gateway() { # heap
	LLM_PROVIDER=vllm VLLM_URL="http://127.0.0.1:$FAKE_PORT" VLLM_MODEL=bench-fast \
		MODELS_FILE="file:$PWD/bench/models.yml" PORT="$GATEWAY_PORT" LOG_LEVEL=WARN \
		"$JAVA" "-Xmx$1" $IMAGE_JVM_FLAGS ${BENCH_JAVA_OPTS:-} -Dlogging.level.com.intelia.llm.access=INFO -jar "$JAR" >"$WORK/gateway-$1.log" 2>&1 &
	GATEWAY_PID=$!
	PIDS+=("$GATEWAY_PID")
	wait_for "$GATEWAY/health/readiness" "$GATEWAY_PID"
	grep -o "Load limits.*heap: [^(]*" "$WORK/gateway-$1.log" || true
	# 20 s of load first: until the JIT has compiled the hot paths, latencies say little.
	hey -z 20s -c 32 -m POST -T application/json -d "$(body bench-prompt false)" "$GATEWAY/v1/chat/completions" >/dev/null
}
stop_gateway() { kill "$GATEWAY_PID" 2>/dev/null || true; wait "$GATEWAY_PID" 2>/dev/null || true; }

# run <label> <requests> <alias> <stream> <target>: status counts and slowest
run() {
	local out codes slowest
	out=$(hey -n "$2" -c "$2" -t 60 -m POST -T application/json -d "$(body "$3" "$4")" "$GATEWAY/v1/chat/completions")
	codes=$(awk '/Status code distribution/ {f=1; next} f && /\[[0-9]+\]/ {gsub(/[\[\]]/,""); printf "%s×%s ", $2, $1} /Error distribution/ {f=0}' <<<"$out")
	slowest=$(awk '/Slowest:/ {printf "%.0f", $2*1000}' <<<"$out")
	errors=$(awk '/Error distribution/ {f=1; next} f && NF {n++} END {print n+0}' <<<"$out")
	printf "%-46s %s slowest %s ms, client errors %s  [%s]\n" "$1" "$codes" "$slowest" "$errors" "$5"
}
after() { # heap
	local oom="no" ok
	grep -q OutOfMemoryError "$WORK/gateway-$1.log" && oom="YES"
	ok=$(curl -m 10 -s -o /dev/null -w '%{http_code}' "$GATEWAY/v1/chat/completions" -H 'Content-Type: application/json' -d "$(body bench false)")
	echo "  after: OutOfMemoryError logged: $oom; a request right after: $ok; liveness: $(curl -m 10 -s -o /dev/null -w '%{http_code}' "$GATEWAY/health/liveness")"
}

echo "Survival runs, $("$JAVA" -version 2>&1 | head -1), Serial GC, load limits at their defaults"
start_gateway 256m
run "300 concurrent 20-token streams, -Xmx256m" 300 bench-stream-20 true "all 200"
run "1,000 concurrent 1 s requests, -Xmx256m" 1000 bench-slow false "all 200 within 2500 ms"
run "3,000 concurrent 1 s requests, -Xmx256m" 3000 bench-slow false "200 or 429 only"
after 256m
stop_gateway
start_gateway 128m
run "3,000 concurrent 1 s requests, -Xmx128m" 3000 bench-slow false "200 or 429 only"
after 128m
stop_gateway

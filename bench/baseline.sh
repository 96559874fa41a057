#!/usr/bin/env bash
# The reference for the 32-client target: the featureless Spring MVC proxy (bench/baseline),
# on the JDK client and on Apache's, against the same fake, direct and proxy runs alternating.
# Usage: bench/baseline.sh [seconds per run, default 10] [rounds, default 3]
#        (after ./mvnw -f bench/baseline/pom.xml package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/image-jvm.sh
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
SECONDS_PER_RUN="${1:-10}"
ROUNDS="${2:-3}"
FAKE_PORT="${BENCH_FAKE_PORT:-18000}"
PROXY_PORT="${BENCH_PROXY_PORT:-18082}"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; }
trap cleanup EXIT
BODY='{"model":"bench-fast","messages":[{"role":"user","content":"Quelle temperature pour des poulets de 21 jours ?"}],"max_tokens":64}'
rps() { BODY="$BODY" wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" -s bench/post.lua "$1" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

"$JAVA" bench/FakeUpstream.java "$FAKE_PORT" >/dev/null 2>&1 &
PIDS+=($!)
until curl -sf "http://127.0.0.1:$FAKE_PORT/v1/models" >/dev/null; do sleep 0.2; done
echo "32 clients, req/s, medians of $ROUNDS alternating rounds of ${SECONDS_PER_RUN}s (Serial GC, -Xmx256m)"
for client in jdk apache; do
	PORT="$PROXY_PORT" "$JAVA" -Xmx256m $IMAGE_JVM_FLAGS -Dclient="$client" -Dupstream="http://127.0.0.1:$FAKE_PORT" \
		-jar bench/baseline/target/featureless-proxy-1.jar >/dev/null 2>&1 &
	PROXY=$!
	until curl -s -o /dev/null "http://127.0.0.1:$PROXY_PORT/"; do sleep 0.2; done
	BODY="$BODY" wrk -t2 -c16 -d60s -s bench/post.lua "http://127.0.0.1:$PROXY_PORT/v1/chat/completions" >/dev/null
	direct="" proxy=""
	for _ in $(seq "$ROUNDS"); do
		direct+="$(rps "http://127.0.0.1:$FAKE_PORT/v1/chat/completions")"$'\n'
		proxy+="$(rps "http://127.0.0.1:$PROXY_PORT/v1/chat/completions")"$'\n'
	done
	kill "$PROXY"; wait "$PROXY" 2>/dev/null || true
	d=$(printf '%s' "$direct" | median) p=$(printf '%s' "$proxy" | median)
	awk -v c="$client" -v d="$d" -v p="$p" 'BEGIN {printf "featureless proxy, %-6s client: %6d   direct: %6d   (%.0f%%)\n", c, p, d, 100 * p / d}'
done

#!/usr/bin/env bash
# The overhead benchmark: the gateway (packaged jar, LLM_PROVIDER=vllm) in front of a fast
# fake OpenAI-compatible upstream, against calling the fake directly, in one run.
# Usage: bench/run.sh [seconds per load run, default 10] [rounds, default 3]   (after ./mvnw package)
# Needs wrk, hey and curl (apt-get install -y wrk hey curl) and JAVA_HOME on a JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/image-jvm.sh
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
SECONDS_PER_RUN="${1:-10}"
ROUNDS="${2:-3}"
# Until the JIT has compiled the hot paths, a third of the gateway's CPU goes to the
# compiler: measured here, 60 s of load before it settles.
WARM_UP_SECONDS="${BENCH_WARM_UP_SECONDS:-60}"
FAKE_PORT="${BENCH_FAKE_PORT:-18000}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18081}"
HEAP="${BENCH_HEAP:-256m}"
JAR="${BENCH_JAR:-$(ls target/intelia-llm-*.jar | head -1)}"
WORK=$(mktemp -d)
# 1,000 callers plus 1,000 upstream connections need file descriptors.
ulimit -n "$(ulimit -Hn)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

DIRECT="http://127.0.0.1:$FAKE_PORT/v1/chat/completions"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"
body() { printf '{"model":"%s","messages":[{"role":"user","content":"Quelle temperature pour des poulets de 21 jours ?"}],"max_tokens":64%s}' "$1" "${2:-}"; }

wait_for() { # url pid
	local start=$(date +%s%N)
	until curl -sf "$1" >/dev/null 2>&1; do
		kill -0 "$2" 2>/dev/null || { echo "process died; log:" >&2; for log in "$WORK"/*.log; do tail -n 30 "$log" >&2; done; exit 1; }
		sleep 0.02
	done
	echo $((($(date +%s%N) - start) / 1000000))
}

# --- Start the fake upstream and the gateway ---------------------------------------------
"$JAVA" -Dsun.net.httpserver.maxIdleConnections=100000 bench/FakeUpstream.java "$FAKE_PORT" >"$WORK/fake.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$FAKE_PORT/v1/models" "${PIDS[0]}" >/dev/null
# The in-flight cap defaults to 64 (LLM_MAX_CONCURRENT_REQUESTS); the capacity run needs 1,000.
# Serial GC: the collector the JVM picks by itself on the 1 GiB instance the service ships
# for (under 1.75 GiB it is not a "server-class machine"), and the Dockerfile's.
LLM_PROVIDER=vllm VLLM_URL="http://127.0.0.1:$FAKE_PORT" VLLM_MODEL=bench-fast MODELS_FILE="file:$PWD/bench/models.yml" \
	LLM_MAX_CONCURRENT_REQUESTS=2000 PORT="$GATEWAY_PORT" \
	"$JAVA" "-Xmx$HEAP" $IMAGE_JVM_FLAGS ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
READY_MS=$(wait_for "http://127.0.0.1:$GATEWAY_PORT/health/readiness" "$GATEWAY_PID")

# --- Helpers -----------------------------------------------------------------------------
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
# wrk <connections> <url> <body> -> "rps p50_ms p99_ms"
load() {
	local threads=$(( $1 < 2 ? 1 : 2 )) out
	out=$(BODY="$3" wrk -t"$threads" -c"$1" -d"${SECONDS_PER_RUN}s" --latency -s bench/post.lua "$2")
	grep -q "Non-2xx" <<<"$out" && { echo "non-2xx answers from $2:" >&2; echo "$out" >&2; exit 1; }
	echo "$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out") \
$(awk '$1 == "50%" {print $2}' <<<"$out" | to_ms) $(awk '$1 == "99%" {print $2}' <<<"$out" | to_ms)"
}
# Sequential streamed requests -> "p50_ms p99_ms" of time to first byte (= first token here).
ttft() {
	for _ in $(seq 200); do
		curl -s -o /dev/null -w '%{time_starttransfer}\n' -H 'Content-Type: application/json' -d "$2" "$1"
	done | sort -n | awk '{a[NR]=$1*1000} END {printf "%.2f %.2f", a[int(NR*0.5)], a[int(NR*0.99)]}'
}

# --- Warm up (JIT) -----------------------------------------------------------------------
for model in bench bench-prompt; do
	BODY="$(body $model)" wrk -t2 -c16 -d"$((WARM_UP_SECONDS / 2))s" -s bench/post.lua "$GATEWAY" >/dev/null
done
BODY="$(body bench-fast)" wrk -t2 -c16 -d10s -s bench/post.lua "$DIRECT" >/dev/null

# --- Measure -----------------------------------------------------------------------------
# Direct and gateway runs alternate, round after round, and each figure is the median of
# its rounds: on a shared machine the direct rate alone moves by half from one minute to
# the next, and a ratio of two runs minutes apart would measure that, not the gateway.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
declare -A RUNS
for round in $(seq "$ROUNDS"); do
	for c in 1 32; do
		RUNS[direct,$c]+="$(load "$c" "$DIRECT" "$(body bench-fast)")"$'\n'
		RUNS[gateway,$c]+="$(load "$c" "$GATEWAY" "$(body bench)")"$'\n'
		RUNS[prompt,$c]+="$(load "$c" "$GATEWAY" "$(body bench-prompt)")"$'\n'
	done
done
declare -A R
for key in "${!RUNS[@]}"; do
	R[$key]="$(for i in 1 2 3; do printf '%s' "${RUNS[$key]}" | awk -v i="$i" 'NF {print $i}' | median; done | xargs)"
done
TTFT_DIRECT=$(ttft "$DIRECT" "$(body bench-fast ',"stream":true')")
TTFT_GATEWAY=$(ttft "$GATEWAY" "$(body bench ',"stream":true')")
TTFT_PROMPT=$(ttft "$GATEWAY" "$(body bench-prompt ',"stream":true')")
RSS_AFTER_LOAD=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$GATEWAY_PID/status)
CAPACITY=$(hey -n 1000 -c 1000 -t 30 -m POST -T application/json -d "$(body bench-slow)" "$GATEWAY")
OK_1000=$(awk '/\[200\]/ {print $2}' <<<"$CAPACITY")
SLOWEST=$(awk '/Slowest:/ {printf "%.0f", $2*1000}' <<<"$CAPACITY")
RSS_PEAK=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$GATEWAY_PID/status)
RSS_END=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$GATEWAY_PID/status)

# --- Report ------------------------------------------------------------------------------
f() { awk -v i="$2" '{print $i}' <<<"${R[$1]}"; }
added() { awk -v a="$(f "$1" "$3")" -v b="$(f "direct,$2" "$3")" 'BEGIN {printf "%+.2f", a-b}'; }
share() { awk -v a="$(f "$1" 1)" -v b="$(f "direct,$2" 1)" 'BEGIN {printf "%.0f%%", 100*a/b}'; }
echo
echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM: $("$JAVA" -version 2>&1 | head -1), gateway -Xmx$HEAP $IMAGE_JVM_FLAGS${BENCH_JAVA_OPTS:-}, ${WARM_UP_SECONDS}s warm-up, LLM_MAX_CONCURRENT_REQUESTS=2000"
echo "Load: wrk, ${SECONDS_PER_RUN}s per run, $ROUNDS alternating rounds of direct and gateway runs; each figure is the median of its rounds"
echo
printf '%-34s %12s %12s %12s\n' "" "direct" "gateway" "gateway+prompt"
for c in 1 32; do
	printf '%-34s %12s %12s %12s\n' "req/s, $c client(s)" "$(f direct,$c 1)" "$(f gateway,$c 1) ($(share gateway,$c $c))" "$(f prompt,$c 1) ($(share prompt,$c $c))"
	printf '%-34s %12s %12s %12s\n' "p50 ms, $c client(s) (added)" "$(f direct,$c 2)" "$(f gateway,$c 2) ($(added gateway,$c $c 2))" "$(f prompt,$c 2) ($(added prompt,$c $c 2))"
	printf '%-34s %12s %12s %12s\n' "p99 ms, $c client(s) (added)" "$(f direct,$c 3)" "$(f gateway,$c 3) ($(added gateway,$c $c 3))" "$(f prompt,$c 3) ($(added prompt,$c $c 3))"
done
printf '%-34s %12s %12s %12s\n' "stream first token p50 ms" "${TTFT_DIRECT% *}" "${TTFT_GATEWAY% *}" "${TTFT_PROMPT% *}"
printf '%-34s %12s %12s %12s\n' "stream first token p99 ms" "${TTFT_DIRECT#* }" "${TTFT_GATEWAY#* }" "${TTFT_PROMPT#* }"
echo
echo "Gateway start-up to ready: $READY_MS ms (fat jar, no AOT cache)"
echo "Gateway RSS: $RSS_AFTER_LOAD MiB after the load runs, $RSS_END MiB after 1,000 in flight, peak $RSS_PEAK MiB"
echo "Capacity: ${OK_1000:-0}/1000 concurrent 1 s requests answered 200, slowest $SLOWEST ms (target: all, within 2500 ms)"
echo
echo "Targets:"
awk -v a="$(added gateway,1 1 2)" 'BEGIN {print "  added p50 at 1 client < 1 ms:          " a " ms " ((a < 1) ? "PASS" : "MISS")}'
awk -v s="$(share gateway,32 32)" 'BEGIN {v=s+0; print "  32 clients >= 20% of direct req/s:     " s " " ((v >= 20) ? "PASS" : "MISS")}'
awk -v n="${OK_1000:-0}" -v t="$SLOWEST" 'BEGIN {print "  1,000 x 1 s within 2.5 s on -Xmx'"$HEAP"': " n " ok, slowest " t " ms " ((n == 1000 && t <= 2500) ? "PASS" : "MISS")}'
grep -cE " ERROR | WARN " "$WORK/gateway.log" | xargs -I{} echo "Gateway log: {} WARN/ERROR lines"

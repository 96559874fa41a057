#!/usr/bin/env bash
# Time from `java` to /health/readiness answering 200, on the simulator, for the layouts the
# Dockerfile could use: the fat jar, the extracted jar, and the extracted jar with a JDK 25
# AOT cache (JEP 483/514). Usage: bench/startup.sh [runs]   (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
RUNS="${1:-5}"
PORT="${STARTUP_PORT:-18791}"
JAR=$(ls target/intelia-llm-*.jar | grep -v plain | head -1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$JAVA" -Djarmode=tools -jar "$JAR" extract --layers --application-filename app.jar --destination "$WORK/layers" >/dev/null
mkdir -p "$WORK/app"
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
	cp -r "$WORK/layers/$layer/." "$WORK/app/"
done
export LLM_PROVIDER=simulator PORT
# Training run for the AOT cache: start the context, then exit (Spring's documented way).
(cd "$WORK/app" && "$JAVA" -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar app.jar >/dev/null 2>&1)

ready_ms() {
	local start end pid
	start=$(date +%s%N)
	"$@" >"$WORK/out.log" 2>&1 &
	pid=$!
	until curl -sf "http://127.0.0.1:$PORT/health/readiness" >/dev/null 2>&1; do
		kill -0 "$pid" 2>/dev/null || { echo "did not start:" >&2; tail -20 "$WORK/out.log" >&2; exit 1; }
		sleep 0.02
	done
	end=$(date +%s%N)
	kill "$pid"; wait "$pid" 2>/dev/null || true
	echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-32s %s\n' "layout" "median ms to ready ($RUNS runs)"
for variant in fat extracted aot; do
	for _ in $(seq "$RUNS"); do
		case $variant in
			fat) ready_ms "$JAVA" -jar "$JAR" ;;
			extracted) (cd "$WORK/app" && ready_ms "$JAVA" -jar app.jar) ;;
			aot) (cd "$WORK/app" && ready_ms "$JAVA" -XX:AOTCache=app.aot -jar app.jar) ;;
		esac
	done | median | xargs printf '%-32s %s\n' "$variant"
done

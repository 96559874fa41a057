#!/usr/bin/env bash
# Proves the Dockerfile's steps where there is no Docker engine: reads the Dockerfile and runs
# its own COPY, RUN, ENV, ENTRYPOINT and HEALTHCHECK lines, in order, in a scratch directory
# per stage (FROM images are replaced by this machine's JDK of the same version), then waits for the
# HEALTHCHECK to pass against the ENTRYPOINT's process. Differences from a real build, kept
# to what cannot run outside a container:
#   - RUN lines that create the user (groupadd/useradd) and USER are skipped;
#   - the ENTRYPOINT runs with LLM_PROVIDER=simulator (the image's default, huggingface,
#     needs a real token) on DOCKERFILE_STEPS_PORT (default 18181).
# Usage: scripts/dockerfile-steps.sh        (needs network for Maven Central like docker build)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

# The images' JDK: the Dockerfile's FROM eclipse-temurin:<N>-... stands for a JDK <N> here.
IMAGE_JDK=$(sed -nE 's/^FROM eclipse-temurin:([0-9]+).*/\1/p' "$ROOT/Dockerfile" | head -1)
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
	if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" = "$IMAGE_JDK" ]; then
		export JAVA_HOME="$candidate"
		break
	fi
done
[ "$(java_major "${JAVA_HOME:-/nonexistent}" 2>/dev/null)" = "$IMAGE_JDK" ] \
	|| { echo "The Dockerfile builds on JDK $IMAGE_JDK; install one (e.g. Temurin $IMAGE_JDK) or set JAVA_HOME to it." >&2; exit 1; }
export PATH="$JAVA_HOME/bin:$PATH"
PORT_UNDER_TEST="${DOCKERFILE_STEPS_PORT:-18181}"
WORK=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

stage="" cwd="/" entrypoint="" healthcheck=""
declare -a envs=()
dir() { echo "$WORK/$stage$cwd"; }
# ["a", "b"] -> a NUL-separated list (the Dockerfile's exec forms hold no commas or quotes).
exec_form() { sed -E 's/^\[ *"//; s/" *\]$//; s/", *"/\x00/g' <<<"$1" | tr -d '\n'; }

# Joins continuation lines, drops comments, then runs each instruction.
while IFS= read -r line; do
	instruction=${line%% *} args=${line#* }
	case $instruction in
		FROM) stage=$(sed -nE 's/.* AS ([a-z]+)$/\1/p' <<<"$args"); stage=${stage:-final}; cwd=/; mkdir -p "$WORK/$stage" ;;
		WORKDIR) cwd=$args; mkdir -p "$(dir)" ;;
		COPY)
			read -ra parts <<<"$args"
			from="$ROOT"
			if [[ ${parts[0]} == --from=* ]]; then from="$WORK/${parts[0]#--from=}"; parts=("${parts[@]:1}"); fi
			target=${parts[-1]}
			[[ $target == /* ]] && dest="$WORK/$stage$target" || dest="$(dir)/$target"
			for source in "${parts[@]:0:${#parts[@]}-1}"; do
				src="$from/${source#/}"
				if [ -d "$src" ]; then mkdir -p "$dest"; cp -r "$src/." "$dest/"; else cp "$src" "$dest"; fi
			done ;;
		RUN)
			if [[ $args == groupadd* ]]; then echo "skip (user creation): $args"; continue; fi
			echo "RUN $args"
			(cd "$(dir)" && env "${envs[@]}" bash -c "$args") ;;
		ENV) read -ra pairs <<<"$args"; envs+=("${pairs[@]}") ;;
		ENTRYPOINT) entrypoint=$args ;;
		HEALTHCHECK) healthcheck=${args#*CMD } ;;
		USER | EXPOSE | VOLUME) ;;
		*) echo "unknown instruction: $instruction" >&2; exit 1 ;;
	esac
done < <(sed -E '/^\s*#/d; /^\s*$/d' "$ROOT/Dockerfile" | sed -E ':a; /\\$/ { N; s/\\\n\s*/ /; ba }')

mapfile -d '' command < <(exec_form "$entrypoint")
mapfile -d '' probe < <(exec_form "$healthcheck")
echo "ENTRYPOINT ${command[*]}   (LLM_PROVIDER=simulator PORT=$PORT_UNDER_TEST)"
cd "$WORK/$stage$cwd"
env "${envs[@]}" LLM_PROVIDER=simulator PORT="$PORT_UNDER_TEST" "${command[@]}" >"$WORK/app.log" 2>&1 &
PID=$!
start=$(date +%s%N)
until PORT="$PORT_UNDER_TEST" "${probe[@]}" 2>/dev/null; do
	kill -0 "$PID" 2>/dev/null || { tail -30 "$WORK/app.log"; echo "FAIL: the entrypoint exited" >&2; exit 1; }
	[ $(($(date +%s%N) - start)) -lt 90000000000 ] || { tail -30 "$WORK/app.log"; echo "FAIL: no healthy answer in 90 s" >&2; exit 1; }
	sleep 0.2
done
echo "HEALTHCHECK ${probe[*]}: healthy after $((($(date +%s%N) - start) / 1000000)) ms"
# A cache trained with other JVM flags than the ENTRYPOINT's is refused with a warning, not an error.
if grep -q "Unable to use AOT cache" "$WORK/app.log"; then
	grep -A2 "Unable to use AOT cache" "$WORK/app.log"; echo "FAIL: the ENTRYPOINT refused the AOT cache" >&2; exit 1
fi
curl -sf "http://127.0.0.1:$PORT_UNDER_TEST/v1/models" >/dev/null && echo "GET /v1/models: 200"
# docker run intelia-llm check: the image's command with the smoke check's argument.
env "${envs[@]}" LLM_PROVIDER=simulator PORT="$PORT_UNDER_TEST" "${command[@]}" check >"$WORK/check.log" 2>&1 \
	|| { cat "$WORK/check.log"; echo "FAIL: the image's command with 'check' did not pass" >&2; exit 1; }
grep VERDICT "$WORK/check.log"
echo "OK: every Dockerfile step ran"

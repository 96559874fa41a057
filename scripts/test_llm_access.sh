#!/usr/bin/env bash
# The smoke check, where operators of the old service look for it (the successor of
# scripts/test_llm_access.py): checks the configured provider's credentials and model access,
# then one tiny completion blocking and one streamed, and prints a verdict.
# Exit code 0 = pass, 1 = upstream failure, 2 = the configuration does not start.
#   LLM_PROVIDER=huggingface HUGGINGFACE_API_KEY=hf_... scripts/test_llm_access.sh
# It runs the service's own jar: INTELIA_LLM_JAR, else /app/app.jar (the container), else
# target/intelia-llm-*.jar (after ./mvnw package).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="${INTELIA_LLM_JAR:-}"
if [ -z "$JAR" ]; then
	if [ -f /app/app.jar ]; then
		JAR=/app/app.jar
	else
		JAR=$(ls "$ROOT"/target/intelia-llm-*.jar 2>/dev/null | head -1 || true)
	fi
fi
[ -n "$JAR" ] && [ -f "$JAR" ] || { echo "No service jar found: run ./mvnw package first, or set INTELIA_LLM_JAR." >&2; exit 2; }
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$JAR" check "$@"

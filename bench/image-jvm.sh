#!/usr/bin/env bash
# Sourced by the benchmarks: the JVM flags the image's ENTRYPOINT runs the gateway with (the
# Dockerfile's -XX:+Use... options: the collector and the object layout), so that every
# benchmark measures the JVM as shipped. The heap size stays each benchmark's own (-Xmx), and
# BENCH_JAVA_OPTS still adds to these. Run from the repository's root.
image_jvm_flags() {
	sed -nE 's/^ENTRYPOINT \[(.*)\]$/\1/p' Dockerfile | grep -oE '"-XX:\+Use[A-Za-z]+"' | tr -d '"' | tr '\n' ' '
}
IMAGE_JVM_FLAGS=$(image_jvm_flags)
[ -n "$IMAGE_JVM_FLAGS" ] || { echo "no -XX:+Use... flag found in the Dockerfile's ENTRYPOINT" >&2; exit 1; }

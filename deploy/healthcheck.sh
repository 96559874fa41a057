#!/usr/bin/env bash
# The container's HEALTHCHECK: GET /health/readiness must answer 200. The JRE image has no
# curl, and a JVM per probe would cost a 1 GiB container a second of CPU and 40 MB each time,
# so this speaks HTTP/1.0 over bash's /dev/tcp.
exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8081}" || exit 1
printf 'GET /health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r _ status _ <&3
[ "$status" = 200 ]

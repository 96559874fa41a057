# Intelia LLM: the gateway in a container sized for a 1 GiB instance.
#   docker build -t intelia-llm .
#   docker run --env-file .env -p 8081:8081 intelia-llm
#   smoke check: docker run --rm --env-file .env --entrypoint java intelia-llm -cp app.jar com.intelia.llm.check.CheckCommand
# Every variable the service reads is in .env.example with its meaning; the ENV lines below
# are the image's defaults. scripts/dockerfile-steps.sh runs these steps without Docker.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
# The dependency layer: rebuilt only when the POM or the wrapper change.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
COPY prompts prompts
RUN ./mvnw -B -ntp package -DskipTests
# Spring Boot's layers: dependencies change rarely, the application on every commit.
RUN java -Djarmode=tools -jar target/intelia-llm-*.jar extract --layers --application-filename app.jar --destination layers

FROM eclipse-temurin:25-jre
WORKDIR /app
RUN groupadd --system --gid 10001 intelia && useradd --system --uid 10001 --gid intelia --no-create-home intelia \
    && mkdir -p /app/data && chown intelia:intelia /app/data
COPY --from=build /build/layers/dependencies/ ./
COPY --from=build /build/layers/spring-boot-loader/ ./
COPY --from=build /build/layers/snapshot-dependencies/ ./
COPY --from=build /build/layers/application/ ./
COPY deploy/healthcheck.sh ./
# JDK 25 AOT cache (JEP 483/514), trained on the simulator up to context refresh: ready
# about 35% sooner (docs/performance.md). It must be built by this very JRE and these jars.
RUN LLM_PROVIDER=simulator java -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xlog:aot*=error -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar app.jar
ENV LLM_PROVIDER=huggingface \
    PORT=8081 \
    LOG_LEVEL=INFO \
    LOG_FORMAT=text \
    ENABLE_METRICS=true \
    LLM_SHUTDOWN_GRACE_SECONDS=30
# Capture's embedded SQLite (LLM_CAPTURE=on without LLM_CAPTURE_DB_URL) writes data/capture.db:
# mount a volume there to keep it. Several replicas share PostgreSQL instead.
VOLUME ["/app/data"]
USER intelia
EXPOSE 8081
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 CMD ["bash", "healthcheck.sh"]
# 60% of the container for the heap (about 600 MiB of 1 GiB); the rest is metaspace, code
# cache, the AOT cache and buffers. Serial GC is what the JVM picks by itself under 1.75 GiB,
# stated so the cache, the benchmark and a larger instance all run the same collector.
# Compact object headers (JDK 25, JEP 519): 8-byte headers instead of 12, so the thousands of
# small objects each stream and request hold take less heap, and the collector copies less
# (docs/performance.md, "fifth look"). The cache above is trained with the same -XX:+Use flags,
# or the JVM refuses it; bench/ reads them from this line.
# Add JVM flags with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-XX:AOTCache=app.aot", "-jar", "app.jar"]

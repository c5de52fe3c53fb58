# Contacts Bridge: multi-stage build. Build: docker build -t contacts-bridge .
# Run:   docker run -p 8080:8080 -p 9876:9876 -e HIGHLEVEL_TOKEN=... -e HIGHLEVEL_LOCATION_ID=... contacts-bridge
# Flows: mount your own read-only with -v $PWD/routes:/app/routes:ro (they reload when edited), and
#        settings with -v $PWD/application.properties:/app/application.properties:ro.
#
# Base images: pin them by digest for a reproducible, reviewed build. The digests cannot be looked
# up in this repository's build environment (no registry access), so they are build arguments:
#   docker buildx imagetools inspect maven:3.9-eclipse-temurin-17   (and eclipse-temurin:17-jre)
#   docker build --build-arg BUILD_IMAGE=maven:3.9-eclipse-temurin-17@sha256:<digest> \
#                --build-arg RUNTIME_IMAGE=eclipse-temurin:17-jre@sha256:<digest> -t contacts-bridge .
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# dependencies first, so a source change does not download them again
COPY pom.xml application.properties ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM ${RUNTIME_IMAGE}
# a numeric user (Kubernetes runAsNonRoot can check it), no login shell, no home of its own
ARG UID=10001
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid ${UID} bridge \
    && useradd --system --uid ${UID} --gid ${UID} --no-create-home --home-dir /app --shell /usr/sbin/nologin bridge
WORKDIR /app
# the program, its defaults and the flows belong to root and are read-only to the process;
# only ./data (the embedded H2 store, when BRIDGE_DB_URL is not set) is writable
COPY --from=build --chown=root:root /src/target/contacts-bridge.jar /app/contacts-bridge.jar
COPY --from=build --chown=root:root /src/target/bom.json /app/sbom.cyclonedx.json
COPY --chown=root:root application.properties /app/application.properties
COPY --chown=root:root routes /app/routes
RUN chmod -R a-w /app/routes /app/contacts-bridge.jar /app/application.properties /app/sbom.cyclonedx.json \
    && mkdir -p /app/data && chown ${UID}:${UID} /app/data && chmod 700 /app/data
USER ${UID}:${UID}
EXPOSE 8080 9876
VOLUME ["/app/data"]
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9876/observe/health/ready || exit 1
ENTRYPOINT ["java", "-jar", "/app/contacts-bridge.jar"]

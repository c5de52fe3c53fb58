# Contacts Bridge: multi-stage build. Build: docker build -t contacts-bridge .
# Run:   docker run -p 8080:8080 -p 9876:9876 -e HIGHLEVEL_TOKEN=... -e HIGHLEVEL_LOCATION_ID=... contacts-bridge
# Flows: mount your own with -v $PWD/routes:/app/routes (they reload when edited), and
#        settings with -v $PWD/application.properties:/app/application.properties.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, so a source change does not download them again
COPY pom.xml application.properties ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system bridge && useradd --system --gid bridge --home-dir /app bridge
WORKDIR /app
COPY --from=build /src/target/contacts-bridge.jar /app/contacts-bridge.jar
COPY application.properties /app/application.properties
COPY routes /app/routes
# ./data holds the embedded H2 store when BRIDGE_DB_URL is not set (use a volume, or PostgreSQL)
RUN mkdir -p /app/data && chown -R bridge:bridge /app
USER bridge
EXPOSE 8080 9876
VOLUME ["/app/data"]
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9876/observe/health/ready || exit 1
ENTRYPOINT ["java", "-jar", "/app/contacts-bridge.jar"]

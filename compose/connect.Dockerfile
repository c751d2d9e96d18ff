# syntax=docker/dockerfile:1
# Kafka Connect for compose.yaml: the Debezium 3.4 image (Kafka 4.1.1 runtime, MySQL and MariaDB connector
# plugins, the same versions debezium/pom.xml resolves for the local stack) plus the Prometheus JMX exporter
# java agent. compose.yaml attaches the agent with KAFKA_OPTS and mounts debezium/jmx-exporter.yaml.
#
# The agent is fetched by Maven in a build stage, in the version debezium/pom.xml pins
# (<jmx.exporter.version>), with strict checksum verification: people with Docker need neither Java nor a
# prior `pnpm infra up`. Build context: the repository root (compose/connect.Dockerfile.dockerignore lets
# only debezium/pom.xml in).
ARG DEBEZIUM_VERSION=3.4.0.Final

FROM maven:3.9-eclipse-temurin-17 AS jmx-agent
COPY debezium/pom.xml /tmp/pom.xml
RUN version=$(sed -n 's:.*<jmx.exporter.version>\(.*\)</jmx.exporter.version>.*:\1:p' /tmp/pom.xml) \
 && test -n "$version" \
 && mvn -B -q -C org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="io.prometheus.jmx:jmx_prometheus_javaagent:${version}" \
      -DoutputDirectory=/out -Dmdep.stripVersion=true \
 && test -s /out/jmx_prometheus_javaagent.jar

FROM quay.io/debezium/connect:${DEBEZIUM_VERSION}
# outside /kafka/libs on purpose: the agent must not end up on Connect's classpath
COPY --from=jmx-agent /out/jmx_prometheus_javaagent.jar /kafka/jmx/jmx_prometheus_javaagent.jar

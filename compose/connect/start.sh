#!/bin/bash
# Kafka Connect for compose.yaml from the same worker settings as the local stack: the one file
# debezium/connect-distributed.properties (mounted at $WORKER_PROPERTIES), with only the addresses
# rewritten for containers, as scripts/src/stack/connect.ts rewrites them for other local ports.
# Runs the image's Kafka directly (not the image's entrypoint, which would build a second worker
# config from CONNECT_* variables). scripts/test/compose.test.ts renders it with CONNECT_BIN=cat.
set -euo pipefail
: "${WORKER_PROPERTIES:=/kafka/worker/connect-distributed.properties}"
: "${RENDERED:=/tmp/connect-distributed.properties}"
: "${CONNECT_BIN:=/kafka/bin/connect-distributed.sh}"
: "${BOOTSTRAP_SERVERS:=kafka:9092}"
: "${ADVERTISED_HOST_NAME:=connect}"
sed -e "s#^bootstrap\.servers=.*#bootstrap.servers=${BOOTSTRAP_SERVERS}#" \
    -e "s#^listeners=.*#listeners=http://0.0.0.0:8083#" \
    -e "s#^rest\.advertised\.host\.name=.*#rest.advertised.host.name=${ADVERTISED_HOST_NAME}#" \
    -e "s#^rest\.advertised\.port=.*#rest.advertised.port=8083#" \
    -e "s#^plugin\.path=.*#plugin.path=/kafka/connect#" \
    "$WORKER_PROPERTIES" > "$RENDERED"
exec "$CONNECT_BIN" "$RENDERED"

#!/usr/bin/env bash
# MySQL 8.4 first-start provisioning for compose.yaml (run by the image's entrypoint from
# /docker-entrypoint-initdb.d, once, when the data volume is empty). Same databases, accounts and grants
# as the local stack (scripts/src/stack/mariadb.ts `provision`), with the MySQL spelling of Debezium's rights.
set -euo pipefail

SERVICES=(user concert order payment review)
# keep in step with SERVICE_RIGHTS in scripts/src/stack/mariadb.ts
SERVICE_RIGHTS='SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES'

# Passwords are embedded in mysql:// URLs unencoded, so only URL-safe characters are allowed (and then no
# SQL quoting problem can arise either).
password() {
  local name=$1 value=${!1:-}
  if [[ -z "$value" ]]; then
    echo "init-accounts: $name is not set (see compose/env.example)" >&2
    exit 1
  fi
  if [[ ! "$value" =~ ^[A-Za-z0-9._~-]+$ ]]; then
    echo "init-accounts: $name may contain only letters, digits and . _ ~ - (it goes into a URL)" >&2
    exit 1
  fi
  printf '%s' "$value"
}

sql="CREATE USER IF NOT EXISTS 'debezium'@'%' IDENTIFIED BY '$(password DEBEZIUM_DB_PASSWORD)';
-- binlog client (REPLICATION SLAVE), SHOW BINARY LOG STATUS (REPLICATION CLIENT; MariaDB calls it BINLOG
-- MONITOR), snapshot.locking.mode=minimal takes the global read lock (RELOAD)
GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'debezium'@'%';
"
for svc in "${SERVICES[@]}"; do
  db="${svc}_service"
  var="${svc^^}_DB_PASSWORD"
  sql+="CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$db'@'%' IDENTIFIED BY '$(password "$var")';
GRANT $SERVICE_RIGHTS ON \`$db\`.* TO '$db'@'%';
-- Debezium reads only <db>.outbox (table.include.list); it needs SELECT for the snapshot
GRANT SELECT, LOCK TABLES ON \`$db\`.* TO 'debezium'@'%';
"
done
sql+="FLUSH PRIVILEGES;"

# During initialisation the server listens on its unix socket only; root already has MYSQL_ROOT_PASSWORD.
MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket --socket="${SOCKET:-/var/run/mysqld/mysqld.sock}" -uroot <<<"$sql"
echo "init-accounts: created ${SERVICES[*]} databases and accounts, and the debezium account"

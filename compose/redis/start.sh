#!/bin/sh
# Redis 7 for compose.yaml: writes the ACL file from the environment on every start (so a password change
# in .env applies after `docker compose up -d redis`), then hands over to the image's entrypoint, which
# drops root and runs redis-server. Same users and rules as the local stack (scripts/src/stack/redis.ts):
# the default user is off, `admin` may do anything (tests, ops), each service only its `<service>:*` keys
# and channels and nothing that spans the keyspace or administers the server.
set -eu

acl=/data/users.acl
umask 077
: > "$acl.tmp"

check() { # name value
  case "$2" in
    '') echo "redis: $1 is not set (see compose/env.example)" >&2; exit 1 ;;
    *[!A-Za-z0-9._~-]*) echo "redis: $1 may contain only letters, digits and . _ ~ - (it goes into a URL)" >&2; exit 1 ;;
  esac
}

check REDIS_ADMIN_PASSWORD "${REDIS_ADMIN_PASSWORD:-}"
{
  # off: no connection can use it; +@all: Redis 7 replays the AOF as the default user and re-checks its
  # ACL for every command inside MULTI/EXEC (all Lua effects), see scripts/src/stack/redis.ts
  echo 'user default off resetpass ~* &* +@all'
  echo "user admin on >${REDIS_ADMIN_PASSWORD} ~* &* +@all"
} >> "$acl.tmp"

for svc in user concert order payment review; do
  var=$(echo "$svc" | tr '[:lower:]' '[:upper:]')_REDIS_PASSWORD
  eval "pw=\${$var:-}"
  check "$var" "$pw"
  # concert may also read (never write) order-service's hold board, which its seat map overlays
  reads=''; [ "$svc" = concert ] && reads=' %R~order:board:*'
  echo "user $svc on >$pw resetkeys ~$svc:*$reads resetchannels &$svc:* +@all -@admin -@dangerous +info +ping +client|setname +client|getname +client|id +client|info" >> "$acl.tmp"
done
mv "$acl.tmp" "$acl"

# AOF (fsync every second), no RDB snapshots: holds, tokens and caches survive a restart.
# protected-mode would refuse every non-loopback client because the (disabled) default user has no
# password; the ACL users above are what guards the server, and the host port binds to BIND_ADDRESS.
exec docker-entrypoint.sh redis-server \
  --aclfile "$acl" \
  --appendonly yes \
  --appendfsync everysec \
  --save '' \
  --protected-mode no

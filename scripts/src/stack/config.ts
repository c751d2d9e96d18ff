/**
 * Ports and sizes of the local stack. Every port can be overridden with an env var, so a second stack
 * (own STACK_DATA_DIR, see paths.ts) can run next to the usual one, e.g. for fault experiments:
 *   STACK_DATA_DIR=/tmp/stack2 STACK_MARIADB_PORT=4307 STACK_REDIS_PORT=7380 STACK_KAFKA_PORT=19092 \
 *   STACK_KAFKA_CONTROLLER_PORT=19093 STACK_CONNECT_PORT=18083 STACK_CONNECT_METRICS_PORT=19404 pnpm infra up
 */
const num = (name: string, dflt: number) => {
  const v = process.env[name]
  return v && /^\d+$/.test(v) ? Number(v) : dflt
}

export const HOST = '127.0.0.1'
export const MARIADB_PORT = num('STACK_MARIADB_PORT', 3307)
export const REDIS_PORT = num('STACK_REDIS_PORT', 6380)
export const KAFKA_PORT = num('STACK_KAFKA_PORT', 9092)
export const KAFKA_CONTROLLER_PORT = num('STACK_KAFKA_CONTROLLER_PORT', 9093)
export const CONNECT_PORT = num('STACK_CONNECT_PORT', 8083)
export const CONNECT_METRICS_PORT = num('STACK_CONNECT_METRICS_PORT', 9404)
export const KAFKA_BOOTSTRAP = `${HOST}:${KAFKA_PORT}`

export const KAFKA_HEAP = process.env.STACK_KAFKA_HEAP ?? '512m'
export const CONNECT_HEAP = process.env.STACK_CONNECT_HEAP ?? '768m'

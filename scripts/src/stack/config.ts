/** Ports and sizes of the local stack. Ports can be overridden with env vars for unusual machines. */
const num = (name: string, dflt: number) => {
  const v = process.env[name]
  return v && /^\d+$/.test(v) ? Number(v) : dflt
}

export const HOST = '127.0.0.1'
export const MARIADB_PORT = num('STACK_MARIADB_PORT', 3307)
export const REDIS_PORT = num('STACK_REDIS_PORT', 6380)
export const KAFKA_PORT = 9092
export const KAFKA_CONTROLLER_PORT = 9093
export const CONNECT_PORT = 8083
export const CONNECT_METRICS_PORT = 9404

export const KAFKA_HEAP = process.env.STACK_KAFKA_HEAP ?? '512m'
export const CONNECT_HEAP = process.env.STACK_CONNECT_HEAP ?? '768m'

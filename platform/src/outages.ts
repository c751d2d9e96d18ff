/**
 * Outages as client answers. A request that fails because MySQL, Redis or Kafka is unreachable,
 * restarting, overloaded or contended has done nothing a retry cannot finish, so it is a 503 with
 * Retry-After, never a 500. Whether retrying can fix a failure is decided in one place for the whole
 * system, the consumer runtime's `isTransientError` (@concert/outbox); this module only adds which
 * dependency failed, for the problem code, the Retry-After and the log line.
 */
import { TransientError, isTransientError } from '@concert/outbox'

export type Dependency = 'database' | 'redis' | 'broker' | 'unknown'

export interface Outage {
  dependency: Dependency
  /** DATABASE_UNAVAILABLE, DATABASE_BUSY (lock wait timeout, deadlock), SHUTTING_DOWN or SERVICE_UNAVAILABLE */
  code: string
  detail: string
  retryAfterSeconds: number
}

/**
 * A request waited longer than the pool's acquire timeout for a database connection (db.ts): every
 * connection is busy or MySQL does not answer. Transient for the consumer runtime too.
 */
export class DatabaseConnectionTimeout extends TransientError {
  readonly code = 'POOL_ACQUIRE_TIMEOUT'
  constructor(waitedMs: number) {
    super(`No database connection within ${waitedMs} ms`)
  }
}

// Lock wait timeout, deadlock, XA branch rolled back by a deadlock: the transaction was rolled back
// and the next attempt will most likely pass.
const CONTENTION_ERRNOS = new Set([1205, 1213, 1614])

type ErrorShape = { name?: unknown; code?: unknown; errno?: unknown; sqlState?: unknown; fatal?: unknown; message?: unknown }

/** mysql2 marks its errors: server errors carry a sqlState, connection errors `fatal`, protocol errors PROTOCOL_*. */
function isDatabaseError(e: ErrorShape): boolean {
  const code = typeof e.code === 'string' ? e.code : ''
  const message = typeof e.message === 'string' ? e.message : ''
  return e instanceof DatabaseConnectionTimeout || typeof e.sqlState === 'string' || e.fatal === true
    || code.startsWith('PROTOCOL_') || code.startsWith('ER_')
    || CLOSING.test(message) || message.startsWith("Can't add new command when connection is in closed state")
}

// ioredis sets no codes: its own errors are known by name or message, Redis's replies by their prefix.
const REDIS_MESSAGES = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)\b|^Connection is closed|^Stream isn't writeable|^Command timed out/
const isRedisError = (e: ErrorShape) =>
  e.name === 'MaxRetriesPerRequestError' || e.name === 'ReplyError' || (typeof e.message === 'string' && REDIS_MESSAGES.test(e.message))

const isBrokerError = (e: ErrorShape) => typeof e.name === 'string' && e.name.startsWith('KafkaJS')

/** The error itself, then its causes (a wrapped failure is classified by what it wraps). */
function* chain(error: unknown): Generator<ErrorShape> {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 6; depth++) {
    yield e as ErrorShape
    const next = e as { cause?: unknown; errors?: unknown }
    e = next.cause ?? (Array.isArray(next.errors) ? next.errors[0] : undefined)
  }
}

export function dependencyOf(error: unknown): Dependency {
  for (const e of chain(error)) {
    if (isDatabaseError(e)) return 'database'
    if (isRedisError(e)) return 'redis'
    if (isBrokerError(e)) return 'broker'
  }
  return 'unknown'
}

// This instance is shutting down under a request still running: its mysql2 pool is closed or its
// Kysely destroyed. Another instance answers the retry.
const CLOSING = /^Pool is closed|^driver has already been destroyed/

/** The answer for a failure that waiting can fix, or undefined for anything else (a bug stays a 500). */
export function classifyOutage(error: unknown): Outage | undefined {
  if ([...chain(error)].some((e) => typeof e.message === 'string' && CLOSING.test(e.message))) {
    return { dependency: 'database', code: 'SHUTTING_DOWN', detail: 'This instance is shutting down; retry', retryAfterSeconds: 1 }
  }
  if (!isTransientError(error)) return undefined
  const dependency = dependencyOf(error)
  if (dependency === 'database') {
    const contended = [...chain(error)].some((e) => typeof e.errno === 'number' && CONTENTION_ERRNOS.has(e.errno))
    return contended
      ? { dependency, code: 'DATABASE_BUSY', detail: 'Other requests hold the data this one needs; retry in a moment', retryAfterSeconds: 1 }
      : { dependency, code: 'DATABASE_UNAVAILABLE', detail: 'The database is briefly unavailable; retry in a few seconds', retryAfterSeconds: 2 }
  }
  return { dependency, code: 'SERVICE_UNAVAILABLE', detail: 'A part of this service is briefly unavailable; retry in a few seconds', retryAfterSeconds: 2 }
}

/** What an outage log line says about the error: its class, code and message, without a stack. */
export function describeError(error: unknown): Record<string, unknown> {
  const e = (error ?? {}) as ErrorShape
  const cause = (error as { cause?: unknown } | null)?.cause
  return {
    type: typeof e.name === 'string' ? e.name : typeof error,
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(typeof e.errno === 'number' ? { errno: e.errno } : {}),
    ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}),
  }
}

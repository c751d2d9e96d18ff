/**
 * Which failures retrying can fix. A consumer holds a record's partition and retries a transient
 * failure until it passes (bounded by time); dead-letters a permanent one at once; and gives any
 * other error a few attempts, since a deterministic handler bug fails the same way every time.
 */
import { EventValidationError } from './catalog.ts'

/** Throw from a handler for a failure that retrying cannot fix: the record goes to the DLQ at once. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError'
}

/** Throw from a handler to mark a failure as transient explicitly (retried until it passes). */
export class TransientError extends Error {
  override readonly name = 'TransientError'
}

/** A record that can never be handled (no or unknown event type, bad id, not JSON, invalid payload). */
export class PoisonRecord extends Error {
  override readonly name = 'PoisonRecord'
}

export type FailureKind = 'transient' | 'permanent' | 'failure'

const DUPLICATE_KEY = 1062

/** MySQL/MariaDB "duplicate entry" (ER_DUP_ENTRY). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { errno?: number } | null)?.errno === DUPLICATE_KEY
}

// Server and client error numbers of a database that is restarting, overloaded or contended.
const TRANSIENT_ERRNOS = new Set([
  1040, // too many connections
  1053, // server shutdown in progress
  1205, // lock wait timeout
  1213, // deadlock
  1317, // query interrupted
  1614, // XA branch rolled back by a deadlock
  1836, // read-only mode (a failover in progress)
  1927, // connection killed (MariaDB)
  2002, 2003, 2006, 2013, // cannot connect, server gone away, lost connection
  4031, // disconnected by the server after inactivity (MySQL 8)
])

const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
])

// ioredis sets no codes: a Redis that is away or (re)loading shows in the message or the name.
const TRANSIENT_MESSAGES = [
  /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)\b/,
  /Connection is closed/,
  /Stream isn't writeable/,
  /Command timed out/,
  /max retries per request/i,
  /Can't add new command when connection is in closed state/, // mysql2 on a connection that died
]

// Broker outages surface as these even when kafkajs marks them non-retriable after its own retries.
const TRANSIENT_KAFKA = new Set([
  'KafkaJSNumberOfRetriesExceeded', 'KafkaJSConnectionError', 'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError', 'KafkaJSBrokerNotFound', 'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound', 'KafkaJSLockTimeout', 'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded', 'KafkaJSStaleTopicMetadataAssignment',
])

function isTransientOne(e: { name?: unknown; code?: unknown; errno?: unknown; fatal?: unknown; message?: unknown; retriable?: unknown }): boolean {
  if (e instanceof TransientError) return true
  if (typeof e.errno === 'number' && TRANSIENT_ERRNOS.has(e.errno)) return true
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true
  if (e.fatal === true) return true // mysql2: the connection is unusable, a new one may work
  const name = typeof e.name === 'string' ? e.name : ''
  if (name === 'MaxRetriesPerRequestError') return true
  if (name.startsWith('KafkaJS') && (TRANSIENT_KAFKA.has(name) || e.retriable === true)) return true
  const message = typeof e.message === 'string' ? e.message : ''
  return TRANSIENT_MESSAGES.some((re) => re.test(message))
}

/**
 * Database connection lost or refused, lock wait timeout, deadlock, Redis unavailable or loading,
 * broker unavailable: failures that pass once the dependency is back. Looks through `cause` chains
 * and AggregateErrors (a refused connection to several addresses).
 */
export function isTransientError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 5) return false
  if (isTransientOne(err as object)) return true
  const { cause, errors } = err as { cause?: unknown; errors?: unknown }
  if (cause !== undefined && isTransientError(cause, depth + 1)) return true
  return Array.isArray(errors) && errors.some((e) => isTransientError(e, depth + 1))
}

/** Errors that retrying cannot fix: a handler's PermanentError or a follow-up event that fails its schema. */
export function isPermanentError(err: unknown): boolean {
  return err instanceof PermanentError || err instanceof EventValidationError || err instanceof PoisonRecord
}

export function classifyFailure(err: unknown): FailureKind {
  if (isPermanentError(err)) return 'permanent'
  return isTransientError(err) ? 'transient' : 'failure'
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err))

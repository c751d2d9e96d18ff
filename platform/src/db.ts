import { Kysely, Migrator, MysqlDialect, type Migration, type MigrationProvider, type MysqlPool } from 'kysely'
import { createPool, type Pool } from 'mysql2'
import { DatabaseConnectionTimeout } from './outages.ts'

export interface DatabaseOptions {
  url: string
  connectionLimit?: number
  /** A new connection's TCP connect and handshake must finish within this (mysql2 `connectTimeout`). */
  connectTimeoutMs?: number
  /** A query waits at most this long for a pooled connection, then fails as DatabaseConnectionTimeout. */
  acquireTimeoutMs?: number
}

/**
 * While MySQL is away a request must fail in seconds (503 DATABASE_UNAVAILABLE), not wait: a refused
 * connection fails at once, a MySQL that accepts TCP but does not answer (paused, overloaded) fails
 * the handshake after 3 s, and a request queued behind busy connections gives up after 5 s. Both
 * stay below the gateway's 15 s upstream timeout. docs/decisions.md (Platform) has the reasoning.
 */
export const DATABASE_TIMEOUTS = { connectTimeoutMs: 3_000, acquireTimeoutMs: 5_000 } as const

/**
 * A Kysely instance over a mysql2 pool. Dates are stored and read as UTC; DECIMAL/BIGINT come back
 * as numbers because every amount in this system is an integer KRW well inside 2^53.
 */
export function createDatabase<DB>({
  url, connectionLimit = 10,
  connectTimeoutMs = DATABASE_TIMEOUTS.connectTimeoutMs, acquireTimeoutMs = DATABASE_TIMEOUTS.acquireTimeoutMs,
}: DatabaseOptions): Kysely<DB> {
  const pool = createPool({
    uri: url,
    connectionLimit,
    connectTimeout: connectTimeoutMs,
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
    enableKeepAlive: true,
  })
  // MariaDB and MySQL both honour a per-session time zone; pin it so NOW(6) is UTC too. Queued
  // before any other command of the connection; if it fails the connection is dropped, so the next
  // command fails as a lost connection (503) instead of an 'error' event nobody listens to.
  pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'", (error) => { if (error) connection.destroy() })
  })
  return new Kysely<DB>({ dialect: new MysqlDialect({ pool: withAcquireTimeout(pool, acquireTimeoutMs) }) })
}

/**
 * mysql2's pool queues a request for a connection without any limit in time; this bounds it. A
 * connection handed over after the caller gave up goes straight back to the pool.
 */
function withAcquireTimeout(pool: Pool, timeoutMs: number): MysqlPool {
  return {
    getConnection(callback) {
      let settled = false
      const timer = setTimeout(() => {
        settled = true
        callback(new DatabaseConnectionTimeout(timeoutMs), undefined as never)
      }, timeoutMs)
      pool.getConnection((error, connection) => {
        if (settled) {
          connection?.release()
          return
        }
        settled = true
        clearTimeout(timer)
        callback(error, connection as never)
      })
    },
    end: (callback) => pool.end(callback),
  }
}

class StaticMigrations implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations
  }
}

/** Applies every pending migration, in name order; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>, migrations: Record<string, Migration>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrations(migrations) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((result) => result.status === 'Error')
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`, { cause: error })
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}

/** MySQL/MariaDB duplicate entry (1062); one definition, shared with the consumer runtime's processed_event guard. */
export { isDuplicateKey } from '@concert/outbox'

/** `pnpm migrate` for one service: applies pending migrations and says what it did. */
export async function migrateCommand(service: string, url: string, migrations: Record<string, Migration>): Promise<void> {
  const db = createDatabase({ url, connectionLimit: 1 })
  try {
    const applied = await migrateToLatest(db, migrations)
    console.log(applied.length ? `${service}: applied ${applied.join(', ')}` : `${service}: schema is up to date`)
  } finally {
    await db.destroy()
  }
}

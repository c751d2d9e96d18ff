import { Kysely, Migrator, MysqlDialect, type Migration, type MigrationProvider } from 'kysely'
import { createPool } from 'mysql2'

export interface DatabaseOptions {
  url: string
  connectionLimit?: number
}

/**
 * A Kysely instance over a mysql2 pool. Dates are stored and read as UTC; DECIMAL/BIGINT come back
 * as numbers because every amount in this system is an integer KRW well inside 2^53.
 */
export function createDatabase<DB>({ url, connectionLimit = 10 }: DatabaseOptions): Kysely<DB> {
  const pool = createPool({
    uri: url,
    connectionLimit,
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
    enableKeepAlive: true,
  })
  // MariaDB and MySQL both honour a per-session time zone; pin it so NOW(6) is UTC too.
  pool.on('connection', (connection) => connection.query("SET time_zone = '+00:00'"))
  return new Kysely<DB>({ dialect: new MysqlDialect({ pool }) })
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

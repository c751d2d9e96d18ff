import { createHash } from 'node:crypto'
import { sql, type Kysely, type Migration, type Transaction } from 'kysely'
import { isDuplicateKey } from './db.ts'
import { unprocessable } from './errors.ts'

export interface IdempotencyKeyTable {
  user_id: string
  idem_key: string
  request_hash: string
  status_code: number
  response: string | null
  created_at: Date
}
export interface IdempotencyTables {
  idempotency_key: IdempotencyKeyTable
}

export const idempotencyMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('idempotency_key')
      .addColumn('user_id', 'char(36)', (c) => c.notNull())
      .addColumn('idem_key', 'char(36)', (c) => c.notNull())
      .addColumn('request_hash', 'char(64)', (c) => c.notNull())
      .addColumn('status_code', 'smallint', (c) => c.notNull())
      .addColumn('response', 'text')
      .addColumn('created_at', sql`datetime(6)`, (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_key_pk', ['user_id', 'idem_key'])
      .execute()
    await db.schema.createIndex('idempotency_key_created_at').on('idempotency_key').column('created_at').execute()
  },
}

export interface IdempotentResult<T> {
  status: number
  body: T
  replayed: boolean
}

export interface IdempotentRequest {
  userId: string
  key: string
  /** What makes two requests "the same": method, route and body. */
  fingerprint: unknown
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}

/**
 * Runs `effect` at most once per (user, Idempotency-Key), in the same transaction that records the
 * key and the response, so a crash can never leave an effect without its key or the reverse.
 * A concurrent duplicate blocks on the key's row lock until the first commits, then replays.
 * Failures roll the key back with the effect, so a failed request may be retried with the same key.
 */
export async function idempotent<DB extends IdempotencyTables, T>(
  db: Kysely<DB>,
  request: IdempotentRequest,
  effect: (trx: Transaction<DB>) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const requestHash = hash(request.fingerprint)
  return retryOnDeadlock(() => db.transaction().execute(async (trx) => {
    const keyTrx = trx as unknown as Transaction<IdempotencyTables>
    try {
      await keyTrx.insertInto('idempotency_key').values({
        user_id: request.userId,
        idem_key: request.key,
        request_hash: requestHash,
        status_code: 0,
        response: null,
        created_at: new Date(),
      }).execute()
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      // A plain read: the first request has committed by now (its row lock made us wait), and a
      // locking read here would deadlock with the other duplicates holding the same shared lock.
      const first = await keyTrx.selectFrom('idempotency_key').selectAll()
        .where('user_id', '=', request.userId).where('idem_key', '=', request.key)
        .executeTakeFirstOrThrow()
      if (first.request_hash !== requestHash) {
        throw unprocessable('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used with a different request')
      }
      return { status: first.status_code, body: JSON.parse(first.response ?? 'null') as T, replayed: true }
    }
    const result = await effect(trx)
    await keyTrx.updateTable('idempotency_key')
      .set({ status_code: result.status, response: JSON.stringify(result.body) })
      .where('user_id', '=', request.userId).where('idem_key', '=', request.key)
      .execute()
    return { ...result, replayed: false }
  }))
}

const DEADLOCK = 1213
async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if ((error as { errno?: number }).errno !== DEADLOCK || attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20))
    }
  }
}

/** Keys are kept a day: long enough for any client retry, short enough to stay small. */
export async function deleteOldIdempotencyKeys(db: Kysely<any>, olderThanHours = 24): Promise<void> {
  const cutoff = new Date(Date.now() - olderThanHours * 3_600_000)
  await (db as Kysely<IdempotencyTables>).deleteFrom('idempotency_key').where('created_at', '<', cutoff).execute()
}

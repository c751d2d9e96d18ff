import { randomUUID } from 'node:crypto'
import t from 'tap'
import { sql, type Kysely } from 'kysely'
import { createDatabase, idempotencyMigration, idempotent, migrateToLatest, ProblemError, type IdempotencyTables } from '../src/index.ts'

interface DB extends IdempotencyTables {
  effect: { id: string; user_id: string; amount: number }
}

const rootUrl = `mysql://root:${encodeURIComponent(process.env['MYSQL_ROOT_PASSWORD']!)}@${process.env['MYSQL_HOST']}:${process.env['MYSQL_PORT']}`
const database = `platform_test_${randomUUID().slice(0, 8)}`
const admin = createDatabase({ url: rootUrl, connectionLimit: 1 })
await sql`CREATE DATABASE ${sql.id(database)}`.execute(admin)
const db: Kysely<DB> = createDatabase<DB>({ url: `${rootUrl}/${database}`, connectionLimit: 20 })
t.teardown(async () => {
  await db.destroy()
  await sql`DROP DATABASE ${sql.id(database)}`.execute(admin)
  await admin.destroy()
})
await migrateToLatest(db, { '0001_idempotency': idempotencyMigration })
await sql`CREATE TABLE effect (id CHAR(36) PRIMARY KEY, user_id CHAR(36) NOT NULL, amount INT NOT NULL)`.execute(db)

const charge = (userId: string, key: string, amount: number) =>
  idempotent(db, { userId, key, fingerprint: { route: 'POST /charge', body: { amount } } }, async (trx) => {
    const id = randomUUID()
    await trx.insertInto('effect').values({ id, user_id: userId, amount }).execute()
    return { status: 200, body: { id, amount } }
  })
const effects = async (userId: string) => db.selectFrom('effect').selectAll().where('user_id', '=', userId).execute()

t.test('twenty concurrent requests with one key apply the effect once and all see the first response', async (t) => {
  const userId = randomUUID()
  const key = randomUUID()
  const results = await Promise.all(Array.from({ length: 20 }, () => charge(userId, key, 500)))
  const rows = await effects(userId)
  t.equal(rows.length, 1, 'one effect')
  t.equal(results.filter((r) => !r.replayed).length, 1, 'one original')
  t.ok(results.every((r) => r.status === 200 && r.body.id === rows[0]!.id), 'every response is the first one')
})

t.test('the same key with another body is a 422 and changes nothing', async (t) => {
  const userId = randomUUID()
  const key = randomUUID()
  await charge(userId, key, 500)
  const error = await charge(userId, key, 700).catch((e: unknown) => e)
  t.ok(error instanceof ProblemError)
  t.match(error, { status: 422, code: 'IDEMPOTENCY_CONFLICT' })
  t.same((await effects(userId)).map((r) => r.amount), [500])
})

t.test('keys are per user, and a failed effect leaves no key behind', async (t) => {
  const key = randomUUID()
  const [alice, bob] = [randomUUID(), randomUUID()]
  await charge(alice, key, 100)
  const forBob = await charge(bob, key, 100)
  t.equal(forBob.replayed, false, "another user's identical key is independent")
  const failing = await idempotent(db, { userId: alice, key: randomUUID(), fingerprint: 1 }, async (trx) => {
    await trx.insertInto('effect').values({ id: randomUUID(), user_id: alice, amount: 999 }).execute()
    throw new ProblemError(409, 'SEAT_UNAVAILABLE', 'taken')
  }).catch((e: unknown) => e)
  t.match(failing, { code: 'SEAT_UNAVAILABLE' })
  t.same((await effects(alice)).map((r) => r.amount), [100], 'the failed effect rolled back with its key')
})

import t from 'tap'
import { sql } from 'kysely'
import { validate as uuidValidate, version as uuidVersion } from 'uuid'
import { appendEvent } from '../src/append.ts'
import { EventValidationError } from '../src/catalog.ts'
import type { OutboxTables } from '../src/migration.ts'
import { deleteExpiredOutboxRows } from '../src/retention.ts'
import { createTestDatabase, randomSuffix } from '../src/testing.ts'
import { newTraceparent, runWithTrace } from '../src/trace.ts'
import { v7 as uuidv7 } from 'uuid'

const tdb = await createTestDatabase<OutboxTables>(`outbox_test_append_${randomSuffix()}`)
const { db } = tdb
t.teardown(() => tdb.drop())

const rollback = (reservationId: string) => ({
  type: 'ReservationRollbackEvent' as const,
  payload: { reservationId, reason: 'SEAT_UNAVAILABLE' },
})

t.test('appendEvent writes the outbox row from the catalog', async (t) => {
  const reservationId = uuidv7()
  const tp = newTraceparent()
  const id = await runWithTrace(tp, () => db.transaction().execute((trx) => appendEvent(trx, rollback(reservationId))))
  t.ok(uuidValidate(id) && uuidVersion(id) === 7, 'event id is a UUIDv7')
  const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  t.equal(row.aggregatetype, 'reservation')
  t.equal(row.aggregateid, reservationId)
  t.equal(row.type, 'ReservationRollbackEvent')
  t.equal(row.topic, 'reservation-rollback-topic')
  t.equal(row.tracingspancontext, tp, 'traceparent from the active trace context')
  const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload
  t.equal(payload.reservationId, reservationId)
  t.equal(payload.reason, 'SEAT_UNAVAILABLE')
  t.match(payload.occurredAt, /^\d{4}-\d\d-\d\dT/, 'occurredAt defaults to now')
  t.ok(Math.abs(row.created_at.getTime() - Date.now()) < 60_000, 'created_at is UTC now')

  const explicit = newTraceparent()
  const id2 = await db.transaction().execute((trx) => appendEvent(trx, { ...rollback(reservationId), traceparent: explicit }))
  const row2 = await db.selectFrom('outbox').select('tracingspancontext').where('id', '=', id2).executeTakeFirstOrThrow()
  t.equal(row2.tracingspancontext, explicit, 'explicit traceparent wins')
  const id3 = await db.transaction().execute((trx) => appendEvent(trx, rollback(reservationId)))
  const row3 = await db.selectFrom('outbox').select('tracingspancontext').where('id', '=', id3).executeTakeFirstOrThrow()
  t.equal(row3.tracingspancontext, null, 'no trace context → NULL')
})

t.test('an invalid payload throws and writes nothing', async (t) => {
  const before = await db.selectFrom('outbox').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  await t.rejects(
    db.transaction().execute((trx) =>
      appendEvent(trx, { type: 'ReservationRollbackEvent', payload: { reservationId: 'not-a-uuid', reason: 'x' } }),
    ),
    EventValidationError,
  )
  await t.rejects(
    db.transaction().execute((trx) =>
      appendEvent(trx, { type: 'ReservationRollbackEvent', payload: { reservationId: uuidv7(), reason: 'x', extra: 1 } as never }),
    ),
    EventValidationError,
  )
  const after = await db.selectFrom('outbox').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(after.n), Number(before.n))
})

t.test('retention deletes expired outbox and processed_event rows in batches', async (t) => {
  await sql`DELETE FROM outbox`.execute(db)
  const ids: string[] = []
  for (let i = 0; i < 7; i++) ids.push(await db.transaction().execute((trx) => appendEvent(trx, rollback(uuidv7()))))
  const old = ids.slice(0, 5)
  await sql`UPDATE outbox SET created_at = UTC_TIMESTAMP(6) - INTERVAL 200 HOUR WHERE id IN (${sql.join(old)})`.execute(db)
  for (const id of ids.slice(0, 3)) {
    await sql`INSERT INTO processed_event (event_id, consumer, outcome, processed_at) VALUES (${id}, 'test', 'applied', UTC_TIMESTAMP(6) - INTERVAL 169 HOUR)`.execute(db)
  }
  await sql`INSERT INTO processed_event (event_id, consumer, outcome, processed_at) VALUES (${ids[6]!}, 'test', 'applied', UTC_TIMESTAMP(6))`.execute(db)
  const r = await deleteExpiredOutboxRows(db, 168, 2)
  t.same(r, { outbox: 5, processedEvent: 3 })
  const left = await db.selectFrom('outbox').select('id').orderBy('id').execute()
  t.same(left.map((x) => x.id), ids.slice(5).sort())
  const pe = await db.selectFrom('processed_event').select('event_id').execute()
  t.same(pe.map((x) => x.event_id), [ids[6]])
  // moved, not lost: the journal keeps what `pnpm ops trace` needs, columns unchanged
  const journal = await sql<{ id: string; type: string; aggregateid: string }>`SELECT id, type, aggregateid FROM outbox_journal WHERE id IN (${sql.join(ids)}) ORDER BY id`.execute(db)
  t.same(journal.rows.map((x) => x.id), [...old].sort())
  t.equal(journal.rows[0]!.type, 'ReservationRollbackEvent')
  const pj = await sql<{ event_id: string; outcome: string }>`SELECT event_id, outcome FROM processed_event_journal WHERE event_id IN (${sql.join(ids)}) ORDER BY event_id`.execute(db)
  t.same(pj.rows, ids.slice(0, 3).sort().map((id) => ({ event_id: id, outcome: 'applied' })))
  t.same(await deleteExpiredOutboxRows(db, 168, 2), { outbox: 0, processedEvent: 0 }, 'a second run moves nothing')
})

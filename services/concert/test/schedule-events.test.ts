import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import t from 'tap'
import { appendEvent } from '@concert/outbox'
import { createTestDatabase, randomSuffix } from '@concert/outbox/testing'
import { migrateToLatest } from '@concert/platform'
import { migrations } from '../db/migrations.ts'
import type { ConcertDatabase } from '../db/schema.ts'
import { SMALL_HALL, createShow, startWorld } from './helpers.ts'

const world = await startWorld(t)
const { app, db } = world.service
const admin = world.admin.headers

const parse = (payload: unknown) => (typeof payload === 'string' ? JSON.parse(payload) : payload) as Record<string, unknown>
const announcements = async (database: typeof db, scheduleId: string) =>
  (await database.selectFrom('outbox').selectAll().where('type', '=', 'ScheduleCreatedEvent').where('aggregateid', '=', scheduleId).execute())
    .map((row) => ({ ...row, payload: parse(row.payload) }))

t.test('POST /performances/{id}/schedules announces the schedule once, in its transaction', async (t) => {
  const show = await createShow(world)
  const response = await app.inject({
    method: 'POST',
    url: `/performances/${show.performanceId}/schedules`,
    headers: admin,
    payload: { startsAt: '2030-06-01T10:00:00Z', endsAt: '2030-06-01T12:30:00.5Z', bookingOpensAt: '2030-05-01T00:00:00+09:00' },
  })
  t.equal(response.statusCode, 201)
  const { scheduleId } = response.json()
  const rows = await announcements(db, scheduleId)
  t.equal(rows.length, 1, 'exactly one ScheduleCreatedEvent')
  t.match(rows[0], { aggregatetype: 'schedule', aggregateid: scheduleId, topic: 'schedule-topic' })
  const { occurredAt, ...payload } = rows[0]!.payload
  t.same(payload, {
    scheduleId,
    performanceId: show.performanceId,
    startsAt: '2030-06-01T10:00:00.000Z',
    endsAt: '2030-06-01T12:30:00.500Z',
    bookingOpensAt: '2030-04-30T15:00:00.000Z',
  })
  t.ok(Math.abs(Date.parse(String(occurredAt)) - Date.now()) < 60_000, 'occurredAt is the creation time')
  t.equal((await announcements(db, show.scheduleId)).length, 1, 'the show’s own schedule was announced too')
})

t.test('a refused schedule announces nothing', async (t) => {
  // By performance, since other suites may create schedules on the shared database meanwhile.
  const announcedFor = async (performanceId: string) => Number((await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'ScheduleCreatedEvent').where(sql<string>`JSON_VALUE(payload, '$.performanceId')`, '=', performanceId).executeTakeFirstOrThrow()).n)
  const times = { startsAt: '2030-06-01T10:00:00Z', endsAt: '2030-06-01T12:00:00Z', bookingOpensAt: '2030-05-01T00:00:00Z' }
  const missing = randomUUID()
  const unknown = await app.inject({ method: 'POST', url: `/performances/${missing}/schedules`, headers: admin, payload: times })
  t.equal(unknown.statusCode, 404)
  t.equal(await announcedFor(missing), 0)
  const show = await createShow(world)
  const backwards = await app.inject({ method: 'POST', url: `/performances/${show.performanceId}/schedules`, headers: admin, payload: { ...times, endsAt: '2030-06-01T09:00:00Z' } })
  t.equal(backwards.statusCode, 400)
  t.equal(await announcedFor(show.performanceId), 1, 'only the show’s own schedule')
})

t.test('migration 0002 announces every schedule that existed before, once', async (t) => {
  // A throw-away database (not streamed by Debezium) migrated to just before the backfill.
  const scratch = await createTestDatabase<ConcertDatabase>(`concert_test_${randomSuffix()}`)
  t.teardown(() => scratch.drop())
  const backfill = '0002_announce_existing_schedules'
  t.ok(migrations[backfill], 'the backfill migration exists')
  const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < backfill))
  await migrateToLatest(scratch.db, earlier)

  const now = new Date()
  const venueId = randomUUID()
  const performanceId = randomUUID()
  await scratch.db.insertInto('venue').values({ id: venueId, name: 'Old hall', address: 'Seoul', sections: JSON.stringify(SMALL_HALL), created_at: now }).execute()
  await scratch.db.insertInto('performance').values({ id: performanceId, title: 'Old show', description: '', venue_id: venueId, created_at: now }).execute()
  const schedules = [0, 1, 2].map((day) => ({
    id: randomUUID(),
    performance_id: performanceId,
    starts_at: new Date(Date.UTC(2031, 0, 10 + day, 19)),
    ends_at: new Date(Date.UTC(2031, 0, 10 + day, 21)),
    booking_opens_at: new Date(Date.UTC(2031, 0, 1)),
    created_at: new Date(now.getTime() + day),
  }))
  await scratch.db.insertInto('schedule').values(schedules).execute()
  // One of them was announced already (say, by a run the migrator did not get to record).
  const [announced, ...silent] = schedules
  await scratch.db.transaction().execute((trx) => appendEvent(trx, {
    type: 'ScheduleCreatedEvent',
    payload: { scheduleId: announced!.id, performanceId, startsAt: announced!.starts_at.toISOString(), endsAt: announced!.ends_at.toISOString(), bookingOpensAt: announced!.booking_opens_at.toISOString() },
  }))

  t.same(await migrateToLatest(scratch.db, migrations), Object.keys(migrations).filter((name) => name >= backfill))
  t.equal((await announcements(scratch.db, announced!.id)).length, 1, 'an announced schedule is not announced again')
  for (const schedule of silent) {
    const rows = await announcements(scratch.db, schedule.id)
    t.equal(rows.length, 1, 'one ScheduleCreatedEvent per schedule')
    t.match(rows[0], { topic: 'schedule-topic', aggregatetype: 'schedule' })
    t.match(rows[0]!.payload, {
      scheduleId: schedule.id,
      performanceId,
      startsAt: schedule.starts_at.toISOString(),
      endsAt: schedule.ends_at.toISOString(),
      bookingOpensAt: schedule.booking_opens_at.toISOString(),
    })
  }
  t.same(await migrateToLatest(scratch.db, migrations), [], 'a second start applies nothing')
  const total = await scratch.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'ScheduleCreatedEvent').executeTakeFirstOrThrow()
  t.equal(Number(total.n), 3)
})

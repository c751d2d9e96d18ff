/**
 * Issue 9 item 5: a SeatReservedEvent that reaches concert-service after its reservation has ended
 * leaves no seat held for a dead reservation. The fault injection measured it with a hold that was
 * dead-lettered during a MariaDB restart and replayed after the reservation had expired: the expiry,
 * behind it on the same partition, had found nothing to free, and the replayed hold then kept the seat
 * HELD in concert for good while order-service offered it to other fans.
 *
 * Here the replay is the record put back on reservation-topic under an id concert has not applied,
 * which is what `pnpm ops dlq replay` does with a dead-lettered record.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { eventually } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'

const HOLD_TTL_SECONDS = 20
const sys = await startSystem(t, { label: 'late-hold', env: { HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS) } })
const { db } = sys.stack

/** Publishes the reservation's SeatReservedEvent again, as a DLQ replay would; returns the record's event id. */
async function replaySeatReserved(reservationId: string): Promise<string> {
  const row = await db.order.selectFrom('outbox').select('payload').where('aggregateid', '=', reservationId).where('type', '=', 'SeatReservedEvent').executeTakeFirstOrThrow()
  const eventId = randomUUID()
  const producer = sys.stack.kafka.producer()
  await producer.connect()
  try {
    await producer.send({
      topic: 'reservation-topic',
      messages: [{ key: reservationId, value: typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload), headers: { id: eventId, eventType: 'SeatReservedEvent' } }],
    })
  } finally {
    await producer.disconnect()
  }
  return eventId
}

/** How concert-service recorded an event it consumed. */
const concertApplied = (eventId: string) => eventually(`concert consumed ${eventId}`,
  () => db.concert.selectFrom('processed_event').select(['outcome', 'reason']).where('event_id', '=', eventId).executeTakeFirst(),
  (row) => row !== undefined, { timeoutMs: 30_000 })

const outboxOf = async (service: 'concert' | 'order', reservationId: string) => {
  const rows: Array<{ id: string; type: string; payload: unknown }> = await db[service].selectFrom('outbox').select(['id', 'type', 'payload'])
    .where('aggregateid', '=', reservationId).orderBy('created_at').execute()
  return rows.map((row) => ({ id: row.id, type: row.type, payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown> }))
}

const seatIn = async (scheduleId: string, seatId: number) => {
  const concert = await db.concert.selectFrom('seat').select(['status', 'reservation_id']).where('schedule_id', '=', scheduleId).where('id', '=', seatId).executeTakeFirstOrThrow()
  const hold = await db.order.selectFrom('seat_reservation').select(['status', 'reservation_id']).where('schedule_id', '=', scheduleId).where('seat_id', '=', seatId).executeTakeFirst()
  return { concert, order: hold ?? null }
}

/** A fan who holds `seatId` until concert has confirmed it (HELD). */
async function holder(scheduleId: string, performanceId: string, seatId: number, name: string) {
  const fan = await sys.api.signUp(name)
  const token = await fan.admitted(performanceId)
  const created = await fan.reserve(scheduleId, [seatId], token.admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')
  return { fan, created }
}

t.test('replayed after the expiry: concert refuses the hold (HOLD_EXPIRED) and the seat stays AVAILABLE', async (t) => {
  const show = await sys.admin.createShow()
  const seatId = show.seats[0]!.seatId
  const { fan, created } = await holder(show.scheduleId, show.performanceId, seatId, 'expired')
  t.equal((await fan.waitReservation(created.reservationId, 'EXPIRED', (HOLD_TTL_SECONDS + 30) * 1000)).status, 'EXPIRED')
  await eventually('seat freed in concert', () => seatIn(show.scheduleId, seatId), (s) => s.concert.status === 'AVAILABLE')

  const eventId = await replaySeatReserved(created.reservationId)
  t.match(await concertApplied(eventId), { outcome: 'applied' }, 'concert answered the replayed hold')
  const rollback = (await outboxOf('concert', created.reservationId)).filter((event) => event.type === 'ReservationRollbackEvent')
  t.match(rollback.map((event) => event.payload), [{ reason: 'HOLD_EXPIRED' }], 'with a rollback, not a confirmation')
  const seen = await eventually('order consumed the rollback', () => db.order.selectFrom('processed_event').select(['outcome', 'reason']).where('event_id', '=', rollback[0]!.id).executeTakeFirst(), (row) => row !== undefined)
  t.match(seen, { outcome: 'ignored', reason: 'reservation is EXPIRED' })
  t.same(await seatIn(show.scheduleId, seatId), { concert: { status: 'AVAILABLE', reservation_id: null }, order: null }, 'AVAILABLE in concert, no hold in order')

  const next = await holder(show.scheduleId, show.performanceId, seatId, 'next')
  t.same(await seatIn(show.scheduleId, seatId), { concert: { status: 'HELD', reservation_id: next.created.reservationId }, order: { status: 'HELD', reservation_id: next.created.reservationId } }, 'the next fan holds the seat')
  await sys.settle(t)
})

t.test('replayed after a cancellation: concert holds, order-service announces the cancellation again, the seat is freed', async (t) => {
  const show = await sys.admin.createShow()
  const seatId = show.seats[1]!.seatId
  const { fan, created } = await holder(show.scheduleId, show.performanceId, seatId, 'cancelled')
  t.equal((await fan.cancelRaw(created.reservationId)).status, 200)
  await eventually('seat freed in concert', () => seatIn(show.scheduleId, seatId), (s) => s.concert.status === 'AVAILABLE')
  t.ok(Date.now() < new Date(created.expiresAt).getTime() - 2000, 'replayed while the reservation would still be live (else concert refuses it as expired)')

  const eventId = await replaySeatReserved(created.reservationId)
  t.match(await concertApplied(eventId), { outcome: 'applied' })
  t.same((await outboxOf('concert', created.reservationId)).map((event) => event.type), ['ReservationConfirmedEvent', 'ReservationConfirmedEvent'], 'concert held the seat again for the cancelled reservation')
  const released = await eventually('order-service compensates',
    async () => (await outboxOf('order', created.reservationId)).filter((event) => event.type === 'ReservationCancelledEvent'),
    (events) => events.length === 2)
  t.match(released.map((event) => event.payload), [{ reason: 'USER_CANCELLED' }, { reason: 'LATE_HOLD_RELEASED', seatIds: [seatId], scheduleId: show.scheduleId }])
  await eventually('seat freed in concert again', () => seatIn(show.scheduleId, seatId), (s) => s.concert.status === 'AVAILABLE')
  t.same(await seatIn(show.scheduleId, seatId), { concert: { status: 'AVAILABLE', reservation_id: null }, order: null }, 'AVAILABLE in concert, no hold in order')
  t.match(await fan.reservation(created.reservationId), { status: 'CANCELLED', orderStatus: 'CANCELLED' }, 'the reservation stays cancelled')

  const next = await holder(show.scheduleId, show.performanceId, seatId, 'after')
  t.equal((await seatIn(show.scheduleId, seatId)).concert.reservation_id, next.created.reservationId, 'the next fan holds the seat')
  await sys.settle(t)
})

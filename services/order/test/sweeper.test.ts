import t from 'tap'
import { waitFor } from '@concert/outbox/testing'
import { onPaymentRequested, onPaymentRolledBack, onSeatsConfirmed } from '../events/consumers.ts'
import { expireDueHolds } from '../jobs/hold-sweeper.ts'
import { isolatedDatabase } from '@concert/platform/testing'
import { confirmation, paymentRequest, startHarness, type Harness, type Reserved } from './harness.ts'

// Two instances on the same database: one sweeping with one-second holds, one making five-minute
// holds whose expiry the tests move into the past when they are ready for it.
const database = await isolatedDatabase('order')
const sweeping = await startHarness({ HOLD_TTL_SECONDS: '1', HOLD_SWEEP_INTERVAL_MS: '100' }, { sweeper: true, databaseUrl: database.url })
const lasting = await startHarness({}, { databaseUrl: database.url })
t.teardown(async () => {
  await sweeping.close()
  await lasting.close()
  await database.drop()
})
const { db } = sweeping.service

async function reserve(h: Harness, seatIds = [1, 2]) {
  const fan = await h.fan()
  const response = await h.reserve(fan, { scheduleId: await h.schedule(fan.performanceId), seatIds })
  if (response.statusCode !== 201) throw new Error(response.body)
  return { fan, reserved: response.json() as Reserved }
}
const statusOf = async (reserved: Reserved) => {
  const row = await db.selectFrom('reservation as r').innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['r.status', 'o.status as orderStatus']).where('r.id', '=', reserved.reservationId).executeTakeFirstOrThrow()
  return `${row.status}/${row.orderStatus}`
}
const holds = (reserved: Reserved) => db.selectFrom('seat_reservation').select(['seat_id', 'status']).where('reservation_id', '=', reserved.reservationId).execute()
const expire = (reserved: Reserved) => db.updateTable('reservation').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', reserved.reservationId).execute()
const expired = (reserved: Reserved) => waitFor(async () => (await statusOf(reserved)) === 'EXPIRED/CANCELLED', { timeoutMs: 15_000, what: 'the hold to expire' })

t.test('a lapsed PENDING hold expires: seats released, ReservationExpiredEvent', async (t) => {
  const { fan, reserved } = await reserve(sweeping, [4, 2])
  await expired(reserved)
  t.same(await holds(reserved), [])
  const events = await sweeping.events(reserved.reservationId)
  t.same(events.map((event) => event.type), ['SeatReservedEvent', 'ReservationExpiredEvent'])
  t.match(events[1]!.payload, { reservationId: reserved.reservationId, scheduleId: reserved.scheduleId, seatIds: [2, 4] })
  t.ok(Date.parse(String(events[1]!.payload['expiredAt'])) >= Date.parse(reserved.expiresAt), 'expired after expiresAt')
  const view = (await sweeping.service.app.inject({ method: 'GET', url: `/reservations/${reserved.reservationId}`, headers: fan.headers })).json()
  t.match(view, { status: 'EXPIRED', orderStatus: 'CANCELLED' })
  t.equal((await sweeping.reserve(fan, { scheduleId: reserved.scheduleId, seatIds: [2, 4] })).statusCode, 201, 'the seats can be held again')
})

t.test('a lapsed HELD hold expires too', async (t) => {
  const { fan, reserved } = await reserve(lasting)
  await db.transaction().execute((trx) => onSeatsConfirmed(trx, confirmation(reserved, fan)))
  await expire(reserved)
  await expired(reserved)
  t.same(await holds(reserved), [])
  t.same((await sweeping.events(reserved.reservationId)).map((event) => event.type), ['SeatReservedEvent', 'ReservationExpiredEvent'])
})

t.test('never while the order is PAYMENT_PROCESSING; on the next sweep once it is PENDING again', async (t) => {
  const { fan, reserved } = await reserve(lasting)
  const request = paymentRequest(reserved.orderId, fan.userId)
  await db.transaction().execute(async (trx) => {
    await onSeatsConfirmed(trx, confirmation(reserved, fan))
    await onPaymentRequested(trx, request)
  })
  await expire(reserved)
  // A hold that lapsed after this one has been swept, so the sweeper has passed over it.
  const sentinel = await reserve(sweeping)
  await expired(sentinel.reserved)
  t.equal(await statusOf(reserved), 'HELD/PAYMENT_PROCESSING')
  t.same((await holds(reserved)).map((hold) => hold.status), ['HELD', 'HELD'])
  t.notOk((await sweeping.events(reserved.reservationId)).some((event) => event.type === 'ReservationExpiredEvent'))

  await db.transaction().execute((trx) => onPaymentRolledBack(trx, { orderId: reserved.orderId, paymentId: request.paymentId, reason: 'DECLINED', occurredAt: new Date().toISOString() }))
  await expired(reserved)
  t.same(await holds(reserved), [])
})

t.test('a booking locked by another transaction is skipped, not waited for', async (t) => {
  const { reserved } = await reserve(lasting)
  const trx = await db.startTransaction().execute()
  try {
    await trx.selectFrom('orders').select('id').where('id', '=', reserved.orderId).forUpdate().execute()
    await expire(reserved)
    const swept = await expireDueHolds(db, 50)
    t.notOk(swept.includes(reserved.reservationId), 'another instance holding it: skipped')
    t.equal(await statusOf(reserved), 'PENDING/PENDING')
  } finally {
    await trx.commit().execute()
  }
  await expired(reserved)
})

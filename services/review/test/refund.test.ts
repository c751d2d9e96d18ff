/**
 * The refund saga (issue 11): RefundRequestedEvent withdraws the reservation's attendance, so a fan
 * who cancelled a paid booking cannot review; a ReservationPaidEvent arriving after it records nothing.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import type { EventPayload } from '@concert/outbox'
import { startIdentity } from '@concert/user-service/testing'
import { withdrawAttendance } from '../events/consumers.ts'
import { applyReservationPaid, reservationPaid, startReviewService } from '../testing.ts'

const identity = await startIdentity()
const service = await startReviewService(identity.jwksUrl)
t.teardown(async () => {
  await service.app.close()
  await identity.close()
})

const refundRequested = (paid: EventPayload<'ReservationPaidEvent'>): EventPayload<'RefundRequestedEvent'> => {
  const now = new Date().toISOString()
  return {
    orderId: paid.orderId, reservationId: paid.reservationId, paymentId: randomUUID(), userId: paid.userId, performanceId: paid.performanceId,
    scheduleId: paid.scheduleId, seatIds: paid.seatIds, amount: 1000, reason: 'CANCELLED_BY_FAN', requestedAt: now, occurredAt: now,
  }
}
const withdraw = (event: EventPayload<'RefundRequestedEvent'>) => service.db.transaction().execute((trx) => withdrawAttendance(trx, event))
const review = (headers: Record<string, string>, performanceId: string) =>
  service.app.inject({ method: 'POST', url: '/reviews', headers, payload: { performanceId, rating: 5, content: 'Great show' } })

t.test('a refunded fan cannot review: the attendance is withdrawn once', async (t) => {
  const fan = await identity.signUp()
  const performanceId = randomUUID()
  const paid = reservationPaid({ userId: fan.userId, performanceId })
  t.same(await applyReservationPaid(service, paid), { outcome: 'applied' })
  t.same(await withdraw(refundRequested(paid)), { outcome: 'applied' })
  t.same(await service.db.selectFrom('attendance').selectAll().where('reservation_id', '=', paid.reservationId).execute(), [])
  const refused = await review(fan.headers, performanceId)
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().code, 'NOT_ATTENDED')
  t.match(await withdraw(refundRequested(paid)), { outcome: 'ignored', reason: 'attendance already withdrawn' }, 'a replay')
  t.match(await applyReservationPaid(service, paid), { outcome: 'ignored', reason: /refunded/ }, 'a redelivered sale does not bring it back')
})

t.test('a refund that overtakes the sale: the late ReservationPaidEvent records nothing', async (t) => {
  const fan = await identity.signUp()
  const performanceId = randomUUID()
  const paid = reservationPaid({ userId: fan.userId, performanceId })
  t.same(await withdraw(refundRequested(paid)), { outcome: 'applied' }, 'nothing to withdraw yet: the mark is kept')
  t.match(await applyReservationPaid(service, paid), { outcome: 'ignored' })
  t.equal((await review(fan.headers, performanceId)).statusCode, 403)

  const kept = reservationPaid({ userId: fan.userId, performanceId })
  t.same(await applyReservationPaid(service, kept), { outcome: 'applied' })
  t.equal((await review(fan.headers, performanceId)).statusCode, 201, 'another paid reservation of the fan still counts')
})

import t from 'tap'
import { cancellationClosesAt, decideCancellation, decideRefundAnswer, type RefundProgress } from '../domain/refund.ts'
import type { Booking } from '../domain/reservation.ts'

const now = new Date('2030-01-01T12:00:00Z')
const hours = (n: number) => new Date(now.getTime() + n * 3_600_000)
const paid = (changes: Partial<Booking> = {}): Booking => ({
  reservationStatus: 'CONFIRMED', orderStatus: 'PAID', userId: 'u1', expiresAt: hours(-1), paymentId: 'p1', ...changes,
})

t.test('cancellation: an unpaid hold is released, a paid booking refunded until the deadline', async (t) => {
  t.same(decideCancellation(paid({ reservationStatus: 'HELD', orderStatus: 'PENDING', paymentId: null }), hours(48), now, 24), { kind: 'release' })
  t.same(decideCancellation(paid({ reservationStatus: 'PENDING', orderStatus: 'PENDING', paymentId: null }), hours(1), now, 24), { kind: 'release' }, 'a hold has no deadline')
  t.same(decideCancellation(paid(), hours(48), now, 24), { kind: 'refund', paymentId: 'p1' })
  t.same(decideCancellation(paid(), hours(24.001), now, 24), { kind: 'refund', paymentId: 'p1' })
  t.same(decideCancellation(paid(), hours(24), now, 24), { kind: 'refuse', refusal: { code: 'CANCELLATION_CLOSED', closesAt: now } }, 'closed at the deadline itself')
  t.same(decideCancellation(paid(), hours(-5), now, 24).kind, 'refuse', 'after the show')
  t.same(decideCancellation(paid(), hours(0.5), now, 0), { kind: 'refund', paymentId: 'p1' }, 'a deadline of 0 closes at the start')
  t.same(decideCancellation(paid(), undefined, now, 24), { kind: 'refuse', refusal: { code: 'CANCELLATION_CLOSED', closesAt: null } }, 'an unknown schedule')
  t.same(cancellationClosesAt(hours(48), 1.5), hours(46.5))
})

t.test('cancellation refusals: already cancelled, not cancellable', async (t) => {
  const code = (b: Booking) => { const d = decideCancellation(b, hours(48), now, 24); return d.kind === 'refuse' ? d.refusal.code : d.kind }
  t.equal(code(paid({ orderStatus: 'REFUND_REQUESTED' })), 'ALREADY_CANCELLED')
  t.equal(code(paid({ reservationStatus: 'CANCELLED', orderStatus: 'REFUNDED' })), 'ALREADY_CANCELLED')
  t.equal(code(paid({ reservationStatus: 'CANCELLED', orderStatus: 'CANCELLED' })), 'ALREADY_CANCELLED')
  t.equal(code(paid({ reservationStatus: 'EXPIRED', orderStatus: 'CANCELLED' })), 'RESERVATION_NOT_CANCELLABLE')
  t.equal(code(paid({ reservationStatus: 'HELD', orderStatus: 'PAYMENT_PROCESSING' })), 'RESERVATION_NOT_CANCELLABLE', 'a payment in flight')
  t.equal(code(paid({ paymentId: null })), 'RESERVATION_NOT_CANCELLABLE')
})

t.test('refund answers: each once, the second completes, anything else ignored', async (t) => {
  const progress = (changes: Partial<RefundProgress> = {}): RefundProgress => ({ paymentId: 'p1', pointsRefunded: false, seatsReleased: false, ...changes })
  const waiting = { orderStatus: 'REFUND_REQUESTED' as const }
  t.same(decideRefundAnswer(waiting, progress(), { step: 'points', paymentId: 'p1' }), { kind: 'record', complete: false })
  t.same(decideRefundAnswer(waiting, progress({ seatsReleased: true }), { step: 'points', paymentId: 'p1' }), { kind: 'record', complete: true })
  t.same(decideRefundAnswer(waiting, progress(), { step: 'seats' }), { kind: 'record', complete: false })
  t.same(decideRefundAnswer(waiting, progress({ pointsRefunded: true }), { step: 'seats' }), { kind: 'record', complete: true })
  t.equal(decideRefundAnswer(waiting, progress({ pointsRefunded: true }), { step: 'points', paymentId: 'p1' }).kind, 'ignore')
  t.equal(decideRefundAnswer(waiting, progress({ seatsReleased: true }), { step: 'seats' }).kind, 'ignore')
  t.equal(decideRefundAnswer(waiting, progress(), { step: 'points', paymentId: 'p2' }).kind, 'ignore')
  t.equal(decideRefundAnswer(waiting, undefined, { step: 'seats' }).kind, 'ignore')
  t.equal(decideRefundAnswer({ orderStatus: 'REFUNDED' }, progress({ pointsRefunded: true, seatsReleased: true }), { step: 'seats' }).kind, 'ignore')
})

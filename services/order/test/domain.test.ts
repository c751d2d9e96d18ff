import t from 'tap'
import {
  ORDER_STATUSES, RESERVATION_STATUSES, canMoveOrder, canMoveReservation, canRelease, decidePaymentRequest, decidePaymentRolledBack,
  decidePointsDeducted, decideSeatsConfirmed, decideSeatsRefused, type Booking,
} from '../domain/reservation.ts'

const now = new Date('2030-01-01T12:00:00Z')
const later = new Date(now.getTime() + 60_000)
const earlier = new Date(now.getTime() - 1)
const booking = (changes: Partial<Booking> = {}): Booking => ({
  reservationStatus: 'HELD', orderStatus: 'PENDING', userId: 'u1', expiresAt: later, paymentId: null, ...changes,
})

t.test('reservation state machine: PENDING → HELD → CONFIRMED; PENDING/HELD → CANCELLED | EXPIRED; CONFIRMED → CANCELLED (refunded)', async (t) => {
  const allowed = new Set(['PENDING>HELD', 'PENDING>CANCELLED', 'PENDING>EXPIRED', 'HELD>CONFIRMED', 'HELD>CANCELLED', 'HELD>EXPIRED', 'CONFIRMED>CANCELLED'])
  for (const from of RESERVATION_STATUSES) {
    for (const to of RESERVATION_STATUSES) t.equal(canMoveReservation(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`)
  }
})

t.test('order state machine: PENDING → PAYMENT_PROCESSING → PAID → REFUND_REQUESTED → REFUNDED; back to PENDING; PENDING/PAYMENT_PROCESSING → CANCELLED', async (t) => {
  const allowed = new Set(['PENDING>PAYMENT_PROCESSING', 'PENDING>CANCELLED', 'PAYMENT_PROCESSING>PAID', 'PAYMENT_PROCESSING>PENDING', 'PAYMENT_PROCESSING>CANCELLED',
    'PAID>REFUND_REQUESTED', 'REFUND_REQUESTED>REFUNDED'])
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) t.equal(canMoveOrder(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`)
  }
})

t.test('a hold is released by the user or the clock only while the order is PENDING', async (t) => {
  t.ok(canRelease(booking({ reservationStatus: 'PENDING' }), 'CANCELLED'))
  t.ok(canRelease(booking(), 'EXPIRED'))
  t.notOk(canRelease(booking({ orderStatus: 'PAYMENT_PROCESSING' }), 'EXPIRED'), 'never while paying')
  t.notOk(canRelease(booking({ orderStatus: 'PAID', reservationStatus: 'CONFIRMED' }), 'CANCELLED'))
  t.notOk(canRelease(booking({ reservationStatus: 'EXPIRED', orderStatus: 'CANCELLED' }), 'CANCELLED'))
})

t.test('payment requests: accepted only for the owner, on a PENDING order with a live HELD reservation', async (t) => {
  const request = { paymentId: 'p1', userId: 'u1' }
  t.same(decidePaymentRequest(booking(), request, now), { kind: 'accept' })
  t.same(decidePaymentRequest(undefined, request, now), { kind: 'reject', reason: 'ORDER_NOT_FOUND' })
  t.same(decidePaymentRequest(booking({ userId: 'u2' }), request, now), { kind: 'reject', reason: 'NOT_OWNER' })
  t.same(decidePaymentRequest(booking({ orderStatus: 'PAYMENT_PROCESSING', paymentId: 'p0' }), request, now), { kind: 'reject', reason: 'ORDER_NOT_PENDING' })
  t.same(decidePaymentRequest(booking({ reservationStatus: 'PENDING' }), request, now), { kind: 'reject', reason: 'RESERVATION_NOT_HELD' })
  t.same(decidePaymentRequest(booking({ expiresAt: earlier }), request, now), { kind: 'reject', reason: 'RESERVATION_EXPIRED' })
  t.equal(decidePaymentRequest(booking({ orderStatus: 'PAYMENT_PROCESSING', paymentId: 'p1' }), request, now).kind, 'ignore', 'the same payment again changes nothing')
})

t.test('points deducted: pay, refund when the seats cannot be sold, else ignore', async (t) => {
  const paying = booking({ orderStatus: 'PAYMENT_PROCESSING', paymentId: 'p1' })
  t.same(decidePointsDeducted(paying, 'p1'), { kind: 'pay' })
  t.same(decidePointsDeducted({ ...paying, expiresAt: earlier }, 'p1'), { kind: 'pay' }, 'a hold does not lapse while paying')
  t.same(decidePointsDeducted({ ...paying, reservationStatus: 'CANCELLED' }, 'p1'), { kind: 'refund', reason: 'RESERVATION_CANCELLED' })
  t.equal(decidePointsDeducted(paying, 'p2').kind, 'ignore', 'another payment')
  t.equal(decidePointsDeducted({ ...paying, orderStatus: 'PAID', reservationStatus: 'CONFIRMED' }, 'p1').kind, 'ignore', 'already paid')
})

t.test('concert answers and payment rollbacks', async (t) => {
  t.same(decideSeatsConfirmed(booking({ reservationStatus: 'PENDING' })), { kind: 'hold' })
  t.same(decideSeatsConfirmed(booking({ reservationStatus: 'CANCELLED', orderStatus: 'CANCELLED' })), { kind: 'release', as: 'CANCELLED' }, 'held after the cancellation: release')
  t.same(decideSeatsConfirmed(booking({ reservationStatus: 'EXPIRED', orderStatus: 'CANCELLED' })), { kind: 'release', as: 'EXPIRED' }, 'held after the expiry: release')
  t.equal(decideSeatsConfirmed(booking()).kind, 'ignore', 'confirmed twice')
  t.equal(decideSeatsConfirmed(booking({ reservationStatus: 'CONFIRMED', orderStatus: 'PAID' })).kind, 'ignore', 'confirmed after the sale')
  t.ok(decideSeatsRefused(booking({ reservationStatus: 'PENDING' })).ok)
  t.notOk(decideSeatsRefused(booking()).ok, 'a confirmed hold is not refused afterwards')
  t.ok(decidePaymentRolledBack(booking({ orderStatus: 'PAYMENT_PROCESSING', paymentId: 'p1' }), 'p1').ok)
  t.notOk(decidePaymentRolledBack(booking({ orderStatus: 'PAYMENT_PROCESSING', paymentId: 'p1' }), 'p2').ok, 'another payment')
  t.notOk(decidePaymentRolledBack(booking(), 'p1').ok, 'not paying')
})

import { randomUUID } from 'node:crypto'
import t from 'tap'
import { ConfigError } from '@concert/platform'
import { loadPaymentConfig } from '../config.ts'
import { paymentFraction, simulatedDecline } from '../domain/gateway.ts'
import { paymentCompleted, reservationHeld } from '../domain/notifications.ts'
import { applyOrderFact, canMoveOrderView, paymentRefusal, type OrderFact, type OrderView, type OrderViewStatus } from '../domain/orders.ts'
import { canTransition, isLive, liveOrderId, refusal, type PaymentStatus } from '../domain/payment.ts'
import { BALANCE_CAP, charge, refund, signedAmount, use } from '../domain/points.ts'

t.test('payment state machine', async (t) => {
  const allowed: Array<[PaymentStatus, PaymentStatus]> = [
    ['REQUESTED', 'COMPLETED'], ['REQUESTED', 'REJECTED'], ['REQUESTED', 'CANCELLED'], ['COMPLETED', 'CANCELLED'],
  ]
  const statuses: PaymentStatus[] = ['REQUESTED', 'COMPLETED', 'CANCELLED', 'REJECTED']
  for (const from of statuses) {
    for (const to of statuses) {
      const expected = allowed.some(([a, b]) => a === from && b === to)
      t.equal(canTransition(from, to), expected, `${from} → ${to}`)
      t.equal(refusal(from, to) === undefined, expected)
    }
  }
  t.match(refusal('CANCELLED', 'COMPLETED'), /CANCELLED.*COMPLETED/)
  t.same(statuses.filter(isLive), ['REQUESTED', 'COMPLETED'])
  t.equal(liveOrderId('REQUESTED', 'o'), 'o')
  t.equal(liveOrderId('REJECTED', 'o'), null)
})

t.test('point rules', async (t) => {
  t.same(charge(0, 10), { ok: true, balance: 10 })
  t.same(charge(BALANCE_CAP - 10, 10), { ok: true, balance: BALANCE_CAP }, 'up to the cap')
  t.same(charge(BALANCE_CAP - 10, 11), { ok: false, code: 'BALANCE_LIMIT_EXCEEDED' })
  t.same(use(100, 100), { ok: true, balance: 0 })
  t.same(use(99, 100), { ok: false, code: 'INSUFFICIENT_POINTS' })
  t.same(use(undefined, 1), { ok: false, code: 'INSUFFICIENT_POINTS' }, 'no point row is no points')
  t.equal(refund(BALANCE_CAP, 5), BALANCE_CAP + 5, 'a refund is never refused, not even above the cap')
  t.equal(signedAmount('USE', 7), -7)
  t.equal(signedAmount('REFUND', 7), 7)
  t.equal(signedAmount('CHARGE', 7), 7)
})

t.test('simulated gateway decisions', async (t) => {
  const ids = Array.from({ length: 2000 }, () => randomUUID())
  t.ok(ids.every((id) => !simulatedDecline(id, 0)), 'rate 0 never declines')
  t.ok(ids.every((id) => simulatedDecline(id, 1)), 'rate 1 always declines')
  t.ok(ids.every((id) => simulatedDecline(id, 0.3) === simulatedDecline(id, 0.3)), 'one answer per payment')
  const share = ids.filter((id) => simulatedDecline(id, 0.3)).length / ids.length
  t.ok(share > 0.2 && share < 0.4, `about 30% declined (${share})`)
  t.ok(ids.every((id) => paymentFraction(id) >= 0 && paymentFraction(id) < 1))
})

t.test('notification texts', async (t) => {
  const held = reservationHeld({ reservationId: 'r', seats: [{ seatId: 11, price: 50_000 }, { seatId: 12, price: 50_000 }], amount: 100_000 })
  t.match(held, { type: 'RESERVATION_HELD', title: 'Reservation held', referenceId: 'r' })
  t.match(held.body, /#11, #12/)
  t.match(held.body, /100,000 KRW/)
  t.match(paymentCompleted({ paymentId: 'p', amount: 30_000 }), { type: 'PAYMENT_COMPLETED', referenceId: 'p', body: /30,000 KRW/ })
})

t.test('configuration', async (t) => {
  const base = { DATABASE_URL: 'mysql://u:p@h/db', REDIS_URL: 'redis://h' }
  const config = loadPaymentConfig(base)
  t.equal(config.PORT, 3004)
  t.equal(config.PAYMENT_GATEWAY_DECLINE_RATE, 0)
  t.equal(config.PAYMENT_GATEWAY_LATENCY_MS, 0)
  t.equal(config.JWKS_URL, 'http://127.0.0.1:3001/.well-known/jwks.json')
  t.equal(loadPaymentConfig({ ...base, PAYMENT_GATEWAY_DECLINE_RATE: '0.25' }).PAYMENT_GATEWAY_DECLINE_RATE, 0.25)
  t.throws(() => loadPaymentConfig({ ...base, PAYMENT_GATEWAY_DECLINE_RATE: '1.5' }), ConfigError)
  t.throws(() => loadPaymentConfig({ ...base, PAYMENT_GATEWAY_LATENCY_MS: '-1' }), ConfigError)
  t.equal(config.ORDER_VIEW_WAIT_MS, 2_000)
  t.equal(loadPaymentConfig({ ...base, ORDER_VIEW_WAIT_MS: '0' }).ORDER_VIEW_WAIT_MS, 0)
  t.throws(() => loadPaymentConfig({ ...base, ORDER_VIEW_WAIT_MS: '60000' }), ConfigError)
})

t.test('order read model transitions', async (t) => {
  const statuses: OrderViewStatus[] = ['OPEN', 'ENDED', 'PAID']
  for (const from of statuses) {
    for (const to of statuses) t.equal(canMoveOrderView(from, to), from === 'OPEN' && to !== 'OPEN', `${from} → ${to}`)
  }
  const ids = { reservationId: 'r', orderId: 'o', userId: 'u' }
  const expiresAt = new Date('2030-01-01T00:00:00Z')
  const reserved: OrderFact = { kind: 'reserved', ...ids, expiresAt }
  const ended: OrderFact = { kind: 'ended', reservationId: 'r' }
  const paid: OrderFact = { kind: 'paid', ...ids }
  const open: OrderView = { ...ids, status: 'OPEN', expiresAt }

  t.same(applyOrderFact(undefined, reserved), { ok: true, view: open })
  t.same(applyOrderFact(undefined, ended), { ok: true, view: { reservationId: 'r', orderId: null, userId: null, status: 'ENDED', expiresAt: null } }, 'a tombstone')
  t.same(applyOrderFact(undefined, paid), { ok: true, view: { ...ids, status: 'PAID', expiresAt: null } })
  t.same(applyOrderFact(open, ended), { ok: true, view: { ...open, status: 'ENDED' } })
  t.same(applyOrderFact(open, paid), { ok: true, view: { ...open, status: 'PAID' } })
  t.same(applyOrderFact(open, reserved), { ok: false, reason: 'order is already OPEN' }, 'redelivery')

  const tombstone = { reservationId: 'r', orderId: null, userId: null, status: 'ENDED' as const, expiresAt: null }
  t.same(applyOrderFact(tombstone, reserved), { ok: true, view: { ...open, status: 'ENDED' } }, 'a late SeatReservedEvent names the order, the status stays')
  t.same(applyOrderFact({ ...open, status: 'ENDED' }, reserved), { ok: false, reason: 'order is ENDED; it does not become OPEN' })
  t.same(applyOrderFact({ ...open, status: 'ENDED' }, paid), { ok: false, reason: 'order is ENDED; it does not become PAID' })
  t.same(applyOrderFact({ ...open, status: 'PAID' }, ended), { ok: false, reason: 'order is PAID; it does not become ENDED' })
  t.same(applyOrderFact({ ...open, status: 'PAID' }, paid), { ok: false, reason: 'order is already PAID' })
})

t.test('who may start a payment for an order', async (t) => {
  const now = new Date('2030-01-01T00:00:00Z')
  const open: OrderView = { reservationId: 'r', orderId: 'o', userId: 'u', status: 'OPEN', expiresAt: new Date(now.getTime() + 1) }
  t.equal(paymentRefusal(open, 'u', false, now), undefined, 'the owner of an open order')
  t.equal(paymentRefusal(undefined, 'u', false, now), 'ORDER_NOT_FOUND', 'unknown')
  t.equal(paymentRefusal(open, 'stranger', false, now), 'ORDER_NOT_FOUND', "another user's: the same answer")
  t.equal(paymentRefusal({ ...open, status: 'PAID' }, 'stranger', false, now), 'ORDER_NOT_FOUND', 'ownership comes first')
  t.equal(paymentRefusal({ ...open, userId: null, status: 'ENDED' }, 'u', false, now), 'ORDER_NOT_FOUND', 'a tombstone names nobody')
  t.equal(paymentRefusal({ ...open, status: 'ENDED' }, 'u', false, now), 'ORDER_NOT_PAYABLE')
  t.equal(paymentRefusal({ ...open, status: 'PAID' }, 'u', false, now), 'PAYMENT_IN_PROGRESS')
  t.equal(paymentRefusal(open, 'u', true, now), 'PAYMENT_IN_PROGRESS', 'a live payment')
  t.equal(paymentRefusal({ ...open, expiresAt: now }, 'u', false, now), 'ORDER_NOT_PAYABLE', 'expired on the clock')
  t.equal(paymentRefusal({ ...open, expiresAt: now }, 'u', true, now), 'PAYMENT_IN_PROGRESS', 'a live payment past expiry is still in progress')
})

import { randomUUID } from 'node:crypto'
import t from 'tap'
import { ConfigError } from '@concert/platform'
import { loadPaymentConfig } from '../config.ts'
import { paymentFraction, simulatedDecline } from '../domain/gateway.ts'
import { paymentCompleted, reservationHeld } from '../domain/notifications.ts'
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
})

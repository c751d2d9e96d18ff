import t from 'tap'
import { CATALOG_TOPICS, EVENT_CATALOG, EVENT_NAMES, isValidPayload, payloadErrors } from '../src/catalog.ts'
import { TOPICS } from '../src/topics.ts'

const id = () => '01936b7e-8a4c-7b2e-9c1d-0a1b2c3d4e5f'
const now = new Date().toISOString()

t.test('the catalog has the 13 events of SPEC §6, the read-model events and the refund saga on the platform topics', async (t) => {
  t.equal(EVENT_NAMES.length, 18)
  for (const topic of CATALOG_TOPICS) t.ok((TOPICS as readonly string[]).includes(topic), `${topic} is a platform topic`)
  t.same([...CATALOG_TOPICS].sort(), [...TOPICS].sort(), 'every platform topic carries some event')
  for (const name of EVENT_NAMES) {
    const schema = EVENT_CATALOG[name].schema as { additionalProperties?: unknown; required?: string[] }
    t.equal(schema.additionalProperties, false, `${name} is strict`)
    t.ok(schema.required?.includes('occurredAt'), `${name} requires occurredAt`)
    t.ok(schema.required?.includes(EVENT_CATALOG[name].key), `${name} requires its key field`)
  }
})

t.test('payload validation', async (t) => {
  const ok = {
    reservationId: id(), userId: id(), performanceId: id(), scheduleId: id(),
    seatIds: [1, 2], seats: [{ seatId: 1, price: 50000 }, { seatId: 2, price: 50000 }],
    amount: 100000, scheduleEndsAt: now, occurredAt: now,
  }
  t.ok(isValidPayload('ReservationConfirmedEvent', ok))
  t.notOk(isValidPayload('ReservationConfirmedEvent', { ...ok, extra: 1 }), 'unknown property rejected')
  t.notOk(isValidPayload('ReservationConfirmedEvent', { ...ok, amount: 1.5 }), 'amounts are integers')
  t.notOk(isValidPayload('ReservationConfirmedEvent', { ...ok, seatIds: ['1'] }), 'seat ids are numbers')
  t.notOk(isValidPayload('ReservationConfirmedEvent', { ...ok, userId: 'bob' }), 'ids are uuids')
  const { occurredAt: _, ...noTime } = ok
  t.match(payloadErrors('ReservationConfirmedEvent', noTime), [{ message: /occurredAt/ }])
  t.ok(isValidPayload('OrderStatusUpdatedEvent', {
    orderId: id(), status: 'PAYMENT_REJECTED', updatedAt: now, paymentId: id(), userId: id(),
    reservationId: id(), amount: 0, reason: 'expired', occurredAt: now,
  }), 'optional reason')
  t.notOk(isValidPayload('OrderStatusUpdatedEvent', {
    orderId: id(), status: 'PAID', updatedAt: now, paymentId: id(), userId: id(),
    reservationId: id(), amount: 0, occurredAt: now,
  }), 'status is an enum')
})

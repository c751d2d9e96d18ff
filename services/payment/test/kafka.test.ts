/**
 * The consumers wired for real: events travel through Kafka (and, for the point step and the
 * notification, through this service's outbox and Debezium) into the running consumer runtime.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { createKafka, createProducer, type EventName } from '@concert/outbox'
import { waitFor } from '@concert/outbox/testing'
import { balanceOf, buildService, charge, conservationViolations, paymentRow, processing, requestPayment, seatReserved } from './helpers.ts'
import { startIdentity } from '@concert/user-service/testing'

const identity = await startIdentity()
t.teardown(() => identity.close())
const service = await buildService(identity.jwksUrl, { EVENT_CONSUMERS_ENABLED: 'true' })
t.teardown(() => service.app.close())
await service.start?.()

const kafka = createKafka({ clientId: 'payment-test' })
const producer = createProducer(kafka)
await producer.connect()
t.teardown(() => producer.disconnect())

/** Publishes an event as another service's connector would: key, `id` and `eventType` headers, JSON value. */
async function publish(type: EventName, topic: string, key: string, payload: object, id: string = randomUUID()) {
  await producer.send({
    topic,
    messages: [{ key, value: JSON.stringify({ ...payload, occurredAt: new Date().toISOString() }), headers: { id, eventType: type } }],
  })
  return id
}

const processedOutcome = async (eventId: string) =>
  (await service.db.selectFrom('processed_event').select('outcome').where('event_id', '=', eventId).where('consumer', '=', 'payment').executeTakeFirst())?.outcome

t.test('a payment saga through Kafka: authorize, deduct, notify; redeliveries change nothing', async (t) => {
  await waitFor(async () => (await service.app.inject({ method: 'GET', url: '/health/ready' })).json().checks.kafka.status === 'up',
    { timeoutMs: 60_000, what: 'the consumers to join their groups' })
  const fan = await identity.signUp()
  await charge(service, fan, 20_000)
  const payment = await requestPayment(service, fan)
  const update = processing(payment, fan.userId, 15_000)
  const eventId = await publish('OrderStatusUpdatedEvent', 'order-topic', payment.orderId, update)

  await waitFor(async () => (await paymentRow(service, payment.paymentId)).status === 'COMPLETED', { timeoutMs: 60_000, what: 'payment COMPLETED' })
  t.equal(await processedOutcome(eventId), 'applied')
  await waitFor(async () => (await balanceOf(service, fan.userId)) === 5_000, { timeoutMs: 60_000, what: 'points deducted by the point step' })
  const notifications = await waitFor(async () => {
    const page = (await service.app.inject({ method: 'GET', url: '/notifications', headers: fan.headers })).json() as { total: number; items: unknown[] }
    return page.total > 0 ? page : undefined
  }, { timeoutMs: 60_000, what: 'the payment completed notification' })
  t.match(notifications.items, [{ type: 'PAYMENT_COMPLETED', referenceId: payment.paymentId }])

  await publish('OrderStatusUpdatedEvent', 'order-topic', payment.orderId, update, eventId)
  const again = await publish('OrderStatusUpdatedEvent', 'order-topic', payment.orderId, update)
  await waitFor(async () => (await processedOutcome(again)) === 'ignored', { timeoutMs: 60_000, what: 'the second copy to be ignored' })
  t.equal(await balanceOf(service, fan.userId), 5_000, 'charged once')
  const uses = await service.db.selectFrom('point_transaction').select('id').where('payment_id', '=', payment.paymentId).execute()
  t.equal(uses.length, 1)
  t.same(await conservationViolations(service), [])
})

t.test('the order read model is fed from reservation-topic and reservation-rollback-topic', async (t) => {
  const fan = await identity.signUp()
  const refused = seatReserved(fan.userId)
  // concert's refusal overtakes order-service's SeatReservedEvent: the order must stay ENDED.
  const rollbackId = await publish('ReservationRollbackEvent', 'reservation-rollback-topic', refused.reservationId, { reservationId: refused.reservationId, reason: 'SEAT_UNAVAILABLE' })
  await waitFor(async () => (await processedOutcome(rollbackId)) === 'applied', { timeoutMs: 60_000, what: 'the rollback applied' })
  const reservedId = await publish('SeatReservedEvent', 'reservation-topic', refused.reservationId, refused)
  const held = seatReserved(fan.userId)
  const heldId = await publish('SeatReservedEvent', 'reservation-topic', held.reservationId, held)
  await waitFor(async () => (await processedOutcome(reservedId)) === 'applied' && (await processedOutcome(heldId)) === 'applied', { timeoutMs: 60_000, what: 'both SeatReservedEvents applied' })

  const post = (orderId: string) => service.app.inject({ method: 'POST', url: '/payments', headers: { ...fan.headers, 'idempotency-key': randomUUID() }, payload: { orderId } })
  const view = (reservationId: string) => service.db.selectFrom('order_view').selectAll().where('reservation_id', '=', reservationId).executeTakeFirstOrThrow()
  t.match(await view(refused.reservationId), { status: 'ENDED', order_id: refused.orderId, user_id: fan.userId })
  t.equal((await post(refused.orderId)).json().code, 'ORDER_NOT_PAYABLE')

  t.match(await view(held.reservationId), { order_id: held.orderId, user_id: fan.userId }, 'the order is known')
  // A concert-service running on the stack answers this made-up hold (its schedule does not exist)
  // with a ReservationRollbackEvent, which may end the order before the payment is asked for.
  const paying = await post(held.orderId)
  if (paying.statusCode !== 202) {
    t.match({ status: paying.statusCode, code: paying.json().code }, { status: 409, code: 'ORDER_NOT_PAYABLE' }, 'refused by a running concert-service')
    t.equal((await view(held.reservationId)).status, 'ENDED')
  } else t.pass('POST /payments → 202')
})

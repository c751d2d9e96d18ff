import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import { appendEvent } from '@concert/outbox'
import { IdempotencyHeaders, ProblemError, Uuid, conflict, idempotent, notFound, problems, type ServiceApp } from '@concert/platform'
import { isOwnOrder, paymentRefusal, type OrderView } from '../domain/orders.ts'
import { PaymentRefused, type PaymentRefusal } from '../domain/payment.ts'
import { findOrderView } from '../db/orders.ts'
import { hasLivePayment, insertPayment } from '../db/payments.ts'
import type { PaymentDatabase } from '../db/schema.ts'
import type { PaymentFeed } from '../events/payment-changes.ts'
import { PaymentWaitQuery, readPayment } from './payment-wait.ts'

const StartPayment = Type.Object({ orderId: Uuid }, { additionalProperties: false })
const PaymentStarted = Type.Object({ paymentId: Uuid, orderId: Uuid, status: Type.Literal('REQUESTED') })
const PaymentView = Type.Object({
  paymentId: Uuid,
  orderId: Uuid,
  amount: Type.Optional(Type.Integer({ description: 'known once order-service has priced the order' })),
  status: Type.Union([Type.Literal('REQUESTED'), Type.Literal('COMPLETED'), Type.Literal('CANCELLED'), Type.Literal('REJECTED'), Type.Literal('REFUNDED')]),
  failureReason: Type.Optional(Type.String()),
})

const ANSWERS: Record<PaymentRefusal, () => ProblemError> = {
  ORDER_NOT_FOUND: () => new ProblemError(404, 'ORDER_NOT_FOUND', 'Order not found'),
  ORDER_NOT_PAYABLE: () => conflict('ORDER_NOT_PAYABLE', 'This order has ended: its reservation was cancelled, expired or refused'),
  PAYMENT_IN_PROGRESS: () => conflict('PAYMENT_IN_PROGRESS', 'This order already has a payment in progress or completed'),
}

const POLL_MS = 50

/**
 * The order if it is this user's. The read model may not have the SeatReservedEvent yet, so an order
 * that is not (yet) theirs is looked up again until `waitMs` has passed. An unknown order and another
 * user's both take the whole wait, so neither the answer nor its timing tells them apart.
 */
async function ownOrder(db: Kysely<PaymentDatabase>, orderId: string, userId: string, waitMs: number): Promise<OrderView | undefined> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const order = await findOrderView(db, orderId)
    if (isOwnOrder(order, userId)) return order
    const left = deadline - Date.now()
    if (left <= 0) return undefined
    await sleep(Math.min(POLL_MS, left))
  }
}

export function paymentRoutes(app: ServiceApp, db: Kysely<PaymentDatabase>, options: { orderWaitMs: number; feed: PaymentFeed }): void {
  app.post('/payments', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['payments'],
      operationId: 'payOrder',
      summary: 'Start paying an order',
      description: 'Accepted for processing; poll GET /payments/{paymentId}. 404 ORDER_NOT_FOUND for an unknown order or another user\'s; '
        + '409 ORDER_NOT_PAYABLE once its reservation was cancelled, expired or refused; 409 PAYMENT_IN_PROGRESS while the order has a live or completed payment.',
      security: [{ bearer: [] }],
      headers: IdempotencyHeaders,
      body: StartPayment,
      response: { 202: PaymentStarted, ...problems(400, 401, 422, { 404: ['ORDER_NOT_FOUND'], 409: ['ORDER_NOT_PAYABLE', 'PAYMENT_IN_PROGRESS'] }) },
    },
  }, async (request, reply) => {
    const { userId } = request.user
    const { orderId } = request.body
    try {
      // Ownership first, outside any transaction: a stranger's request locks and writes nothing. It
      // never changes once known, so checking it before the Idempotency-Key cannot break a replay.
      const order = await ownOrder(db, orderId, userId, options.orderWaitMs)
      if (!order) throw new PaymentRefused('ORDER_NOT_FOUND')
      const result = await idempotent(db, { userId, key: request.headers['idempotency-key'], fingerprint: ['POST /payments', request.body] }, async (trx) => {
        const at = new Date()
        const refusal = paymentRefusal(order, userId, await hasLivePayment(trx, orderId), at)
        if (refusal) throw new PaymentRefused(refusal)
        const paymentId = randomUUID()
        await insertPayment(trx, { id: paymentId, orderId, userId, at })
        await appendEvent(trx, { type: 'PaymentRequestedEvent', payload: { paymentId, orderId, userId, requestedAt: at.toISOString() } })
        return { status: 202, body: { paymentId, orderId, status: 'REQUESTED' as const } }
      })
      // Only a successful effect is stored, so a replay is a 202 too.
      return reply.code(202).send(result.body)
    } catch (error) {
      if (error instanceof PaymentRefused) throw ANSWERS[error.reason]()
      throw error
    }
  })

  app.get('/payments/:paymentId', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['payments'],
      operationId: 'getPayment',
      summary: 'One of your payments',
      description: 'With `wait` and `status` (long-poll): answers as soon as the payment status differs from `status`, '
        + 'or after `wait` seconds with the current view; 200 either way.',
      security: [{ bearer: [] }],
      params: Type.Object({ paymentId: Uuid }),
      querystring: PaymentWaitQuery,
      response: { 200: PaymentView, ...problems(400, 401, 404) },
    },
  }, async (request, reply) => {
    const payment = await readPayment(db, options.feed, reply, request.params.paymentId, request.user.userId, request.query)
    if (!payment) throw notFound('Payment')
    return {
      paymentId: payment.id,
      orderId: payment.order_id,
      ...(payment.amount !== null ? { amount: payment.amount } : {}),
      status: payment.status,
      ...(payment.failure_reason !== null ? { failureReason: payment.failure_reason } : {}),
    }
  })
}

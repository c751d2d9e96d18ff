import { randomUUID } from 'node:crypto'
import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import { appendEvent } from '@concert/outbox'
import { IdempotencyHeaders, Uuid, idempotent, notFound, problems, type ServiceApp } from '@concert/platform'
import { findPayment, insertPayment } from '../db/payments.ts'
import type { PaymentDatabase } from '../db/schema.ts'

const StartPayment = Type.Object({ orderId: Uuid }, { additionalProperties: false })
const PaymentStarted = Type.Object({ paymentId: Uuid, orderId: Uuid, status: Type.Literal('REQUESTED') })
const PaymentView = Type.Object({
  paymentId: Uuid,
  orderId: Uuid,
  amount: Type.Optional(Type.Integer({ description: 'known once order-service has priced the order' })),
  status: Type.Union([Type.Literal('REQUESTED'), Type.Literal('COMPLETED'), Type.Literal('CANCELLED'), Type.Literal('REJECTED')]),
  failureReason: Type.Optional(Type.String()),
})

export function paymentRoutes(app: ServiceApp, db: Kysely<PaymentDatabase>): void {
  app.post('/payments', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['payments'],
      summary: 'Start paying an order',
      description: 'Accepted for processing; poll GET /payments/{paymentId}. 409 PAYMENT_IN_PROGRESS while the order has a live or completed payment.',
      security: [{ bearer: [] }],
      headers: IdempotencyHeaders,
      body: StartPayment,
      response: { 202: PaymentStarted, ...problems(400, 401, 409, 422) },
    },
  }, async (request, reply) => {
    const { userId } = request.user
    const { orderId } = request.body
    const result = await idempotent(db, { userId, key: request.headers['idempotency-key'], fingerprint: ['POST /payments', request.body] }, async (trx) => {
      const paymentId = randomUUID()
      const at = new Date()
      await insertPayment(trx, { id: paymentId, orderId, userId, at })
      await appendEvent(trx, { type: 'PaymentRequestedEvent', payload: { paymentId, orderId, userId, requestedAt: at.toISOString() } })
      return { status: 202, body: { paymentId, orderId, status: 'REQUESTED' as const } }
    })
    // Only a successful effect is stored, so a replay is a 202 too.
    return reply.code(202).send(result.body)
  })

  app.get('/payments/:paymentId', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['payments'],
      summary: 'One of your payments',
      security: [{ bearer: [] }],
      params: Type.Object({ paymentId: Uuid }),
      response: { 200: PaymentView, ...problems(400, 401, 404) },
    },
  }, async (request) => {
    const payment = await findPayment(db, request.params.paymentId)
    if (!payment || payment.user_id !== request.user.userId) throw notFound('Payment')
    return {
      paymentId: payment.id,
      orderId: payment.order_id,
      ...(payment.amount !== null ? { amount: payment.amount } : {}),
      status: payment.status,
      ...(payment.failure_reason !== null ? { failureReason: payment.failure_reason } : {}),
    }
  })
}

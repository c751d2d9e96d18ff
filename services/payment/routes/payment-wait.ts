import type { FastifyReply } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import { WaitSeconds, longPoll, requireStatusWithWait } from '@concert/platform'
import type { PaymentStatus } from '../domain/payment.ts'
import { findPayment } from '../db/payments.ts'
import type { PaymentDatabase, PaymentTable } from '../db/schema.ts'
import type { PaymentFeed } from '../events/payment-changes.ts'

export const PAYMENT_STATUSES = ['REQUESTED', 'COMPLETED', 'CANCELLED', 'REJECTED', 'REFUNDED'] as const satisfies readonly PaymentStatus[]

/** GET /payments/{id}: without `wait` a plain read, as before. */
export const PaymentWaitQuery = Type.Object({
  wait: Type.Optional(WaitSeconds),
  status: Type.Optional(Type.Enum(PAYMENT_STATUSES, { description: 'With wait (required then): the payment status you have' })),
})  // other parameters are ignored, as before (cache busters)

/**
 * The caller's payment row (undefined for anyone else's, at once), after waiting up to `wait` seconds
 * for its status to leave the one named; the current row when the wait runs out.
 */
export async function readPayment(
  db: Kysely<PaymentDatabase>, feed: PaymentFeed, reply: FastifyReply, paymentId: string, userId: string,
  query: { wait?: number | undefined; status?: PaymentStatus | undefined },
): Promise<PaymentTable | undefined> {
  requireStatusWithWait(query)
  return longPoll({
    feed,
    reply,
    waitSeconds: query.wait,
    read: async () => {
      const payment = await findPayment(db, paymentId)
      return payment && payment.user_id === userId ? payment : undefined
    },
    differs: (payment) => payment.status !== query.status,
    keysOf: (payment) => ({ keys: [payment.id], probeKey: payment.id }),
    done: (status) => status !== query.status,
  })
}

import type { Kysely, Transaction } from 'kysely'
import { isDuplicateKey } from '@concert/platform'
import { PaymentRefused, liveOrderId, type PaymentStatus } from '../domain/payment.ts'
import type { PaymentDatabase, PaymentTable } from './schema.ts'

type Trx = Transaction<PaymentDatabase>

/** Stores a REQUESTED payment; a live payment for the same order refuses it (unique live_order_id). */
export async function insertPayment(trx: Trx, input: { id: string; orderId: string; userId: string; at: Date }): Promise<void> {
  try {
    await trx.insertInto('payment').values({
      id: input.id,
      order_id: input.orderId,
      user_id: input.userId,
      amount: null,
      status: 'REQUESTED',
      failure_reason: null,
      live_order_id: liveOrderId('REQUESTED', input.orderId),
      created_at: input.at,
      updated_at: input.at,
    }).execute()
  } catch (error) {
    if (isDuplicateKey(error)) throw new PaymentRefused('PAYMENT_IN_PROGRESS')
    throw error
  }
}

/** Whether the order has a REQUESTED or COMPLETED payment (committed ones; the unique key catches races). */
export async function hasLivePayment(trx: Trx, orderId: string): Promise<boolean> {
  return (await trx.selectFrom('payment').select('id').where('live_order_id', '=', orderId).executeTakeFirst()) !== undefined
}

export function findPayment(db: Kysely<PaymentDatabase>, id: string): Promise<PaymentTable | undefined> {
  return db.selectFrom('payment').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The payment row locked for a saga step, so concurrent steps of one payment run one after another. */
export function lockPayment(trx: Trx, id: string): Promise<PaymentTable | undefined> {
  return trx.selectFrom('payment').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function updatePaymentStatus(
  trx: Trx,
  payment: PaymentTable,
  status: PaymentStatus,
  changes: { amount?: number; failureReason?: string } = {},
): Promise<void> {
  await trx.updateTable('payment').set({
    status,
    live_order_id: liveOrderId(status, payment.order_id),
    updated_at: new Date(),
    ...(changes.amount !== undefined ? { amount: changes.amount } : {}),
    ...(changes.failureReason !== undefined ? { failure_reason: changes.failureReason } : {}),
  }).where('id', '=', payment.id).execute()
}

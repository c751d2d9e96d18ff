import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { PointTransactionType } from '../domain/points.ts'
import type { PaymentDatabase, PaymentPointType, PointTable } from './schema.ts'

type Trx = Transaction<PaymentDatabase>

/** A committed balance, as the cache stores it; `version` orders concurrent cache writes. */
export interface BalanceSnapshot {
  userId: string
  balance: number
  version: number
  updatedAt: Date
}

export function lockPoint(trx: Trx, userId: string): Promise<PointTable | undefined> {
  return trx.selectFrom('point').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst()
}

/** The user's point row, created empty on their first charge, locked until the transaction ends. */
export async function lockOrCreatePoint(trx: Trx, userId: string): Promise<PointTable> {
  await trx.insertInto('point')
    .values({ user_id: userId, balance: 0, version: 0, updated_at: new Date() })
    .onDuplicateKeyUpdate({ user_id: userId })
    .execute()
  return (await lockPoint(trx, userId))!
}

export interface PointMovement {
  type: PointTransactionType
  amount: number
  /** the balance after this movement, as the domain computed it */
  balance: number
  /** set for USE and REFUND: they are linked to their payment */
  paymentId?: string
}

/**
 * Writes one point transaction and the balance it leads to, on a point row the caller has locked.
 * Uses and refunds are also linked to their payment; that link's key allows one of each per payment.
 */
export async function recordPointMovement(trx: Trx, point: PointTable, movement: PointMovement): Promise<{ transactionId: string; snapshot: BalanceSnapshot }> {
  const transactionId = randomUUID()
  const at = new Date()
  await trx.insertInto('point_transaction').values({
    id: transactionId,
    user_id: point.user_id,
    type: movement.type,
    amount: movement.amount,
    balance_after: movement.balance,
    payment_id: movement.paymentId ?? null,
    created_at: at,
  }).execute()
  if (movement.type !== 'CHARGE') {
    if (!movement.paymentId) throw new TypeError(`a ${movement.type} point transaction needs its payment`)
    await trx.insertInto('payment_point').values({
      payment_id: movement.paymentId, type: movement.type, point_transaction_id: transactionId, created_at: at,
    }).execute()
  }
  const version = point.version + 1
  await trx.updateTable('point')
    .set({ balance: movement.balance, version, updated_at: at })
    .where('user_id', '=', point.user_id)
    .execute()
  return { transactionId, snapshot: { userId: point.user_id, balance: movement.balance, version, updatedAt: at } }
}

/** The use or refund linked to a payment, with its amount. */
export function findPaymentMovement(trx: Trx, paymentId: string, type: PaymentPointType) {
  return trx.selectFrom('payment_point')
    .innerJoin('point_transaction', 'point_transaction.id', 'payment_point.point_transaction_id')
    .select(['point_transaction.id as transactionId', 'point_transaction.amount as amount'])
    .where('payment_point.payment_id', '=', paymentId).where('payment_point.type', '=', type)
    .executeTakeFirst()
}

export async function readPoint(db: Kysely<PaymentDatabase>, userId: string): Promise<BalanceSnapshot | undefined> {
  const row = await db.selectFrom('point').selectAll().where('user_id', '=', userId).executeTakeFirst()
  return row && { userId, balance: row.balance, version: row.version, updatedAt: row.updated_at }
}

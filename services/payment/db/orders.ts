import type { Kysely, Transaction } from 'kysely'
import { isDuplicateKey } from '@concert/platform'
import type { OrderView } from '../domain/orders.ts'
import type { OrderViewTable, PaymentDatabase } from './schema.ts'

type Trx = Transaction<PaymentDatabase>

const toView = (row: OrderViewTable): OrderView => ({
  reservationId: row.reservation_id, orderId: row.order_id, userId: row.user_id, status: row.status, expiresAt: row.expires_at,
})

/** The order as payment-service knows it (a plain read: POST /payments locks nothing for it). */
export async function findOrderView(db: Kysely<PaymentDatabase>, orderId: string): Promise<OrderView | undefined> {
  const row = await db.selectFrom('order_view').selectAll().where('order_id', '=', orderId).executeTakeFirst()
  return row && toView(row)
}

/** A reservation's row, locked, so events about one reservation apply one after another. */
export async function lockOrderView(trx: Trx, reservationId: string): Promise<OrderView | undefined> {
  const row = await trx.selectFrom('order_view').selectAll().where('reservation_id', '=', reservationId).forUpdate().executeTakeFirst()
  return row && toView(row)
}

/**
 * Writes a view: an update of the locked row, or the first row of a reservation. The insert returns
 * false when a concurrent event for the same reservation inserted first (or the order id is already
 * another reservation's), so the caller can retry on the row that is there now.
 */
export async function saveOrderView(trx: Trx, view: OrderView, existed: boolean, at: Date): Promise<boolean> {
  const values = { order_id: view.orderId, user_id: view.userId, status: view.status, expires_at: view.expiresAt, updated_at: at }
  if (existed) {
    await trx.updateTable('order_view').set(values).where('reservation_id', '=', view.reservationId).execute()
    return true
  }
  try {
    await trx.insertInto('order_view').values({ reservation_id: view.reservationId, ...values }).execute()
    return true
  } catch (error) {
    if (isDuplicateKey(error)) return false
    throw error
  }
}

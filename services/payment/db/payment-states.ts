import type { Kysely } from 'kysely'
import type { PaymentStatus } from '../domain/payment.ts'
import type { PaymentDatabase } from './schema.ts'

/**
 * The statuses of many payments in one query (primary-key lookups), for the waits of GET
 * /payments/{id}?wait=: one query per notice batch or fallback tick, whatever the number of waiters.
 */
export async function paymentStatuses(db: Kysely<PaymentDatabase>, paymentIds: string[]): Promise<Map<string, PaymentStatus>> {
  if (paymentIds.length === 0) return new Map()
  const rows = await db.selectFrom('payment').select(['id', 'status']).where('id', 'in', paymentIds).execute()
  return new Map(rows.map((row) => [row.id, row.status]))
}

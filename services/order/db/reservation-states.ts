import type { Kysely } from 'kysely'
import type { OrderStatus, ReservationStatus } from '../domain/reservation.ts'
import type { OrderDatabase } from './schema.ts'

/** What a long-poll on a reservation compares: its status and its order's. */
export interface ReservationState {
  status: ReservationStatus
  orderStatus: OrderStatus
}

/**
 * The states of many reservations in one query (primary-key lookups), for the waits of GET
 * /reservations/{id}?wait=: one query per notice batch or fallback tick, whatever the number of waiters.
 */
export async function reservationStates(db: Kysely<OrderDatabase>, reservationIds: string[]): Promise<Map<string, ReservationState>> {
  if (reservationIds.length === 0) return new Map()
  const rows = await db.selectFrom('reservation as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['r.id', 'r.status', 'o.status as order_status'])
    .where('r.id', 'in', reservationIds)
    .execute()
  return new Map(rows.map((row) => [row.id, { status: row.status, orderStatus: row.order_status }]))
}

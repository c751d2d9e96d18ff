import type { Kysely } from 'kysely'
import type { OrderStatus, ReservationStatus } from '../domain/reservation.ts'
import type { OrderDatabase } from './schema.ts'

/** A reservation as its owner sees it (GET /reservations…). */
export interface ReservationView {
  reservationId: string
  orderId: string
  userId: string
  scheduleId: string
  performanceId: string
  seats: { seatId: number; price?: number }[]
  amount?: number
  status: ReservationStatus
  orderStatus: OrderStatus
  expiresAt: string
  failureReason?: string
  createdAt: string
  updatedAt: string
}

function reservationsOf(db: Kysely<OrderDatabase>) {
  return db.selectFrom('reservation as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select([
      'r.id', 'r.order_id', 'r.user_id', 'r.schedule_id', 'r.performance_id', 'r.status', 'r.expires_at', 'r.failure_reason',
      'r.created_at', 'r.updated_at', 'o.status as order_status', 'o.amount', 'o.updated_at as order_updated_at',
    ])
}
type Row = Awaited<ReturnType<ReturnType<typeof reservationsOf>['executeTakeFirstOrThrow']>>

async function present(db: Kysely<OrderDatabase>, rows: Row[]): Promise<ReservationView[]> {
  if (rows.length === 0) return []
  const items = await db.selectFrom('reservation_item').select(['reservation_id', 'seat_id', 'price'])
    .where('reservation_id', 'in', rows.map((row) => row.id)).orderBy('seat_id').execute()
  return rows.map((row) => ({
    reservationId: row.id,
    orderId: row.order_id,
    userId: row.user_id,
    scheduleId: row.schedule_id,
    performanceId: row.performance_id,
    seats: items.filter((item) => item.reservation_id === row.id)
      .map((item) => (item.price === null ? { seatId: item.seat_id } : { seatId: item.seat_id, price: item.price })),
    ...(row.amount === null ? {} : { amount: row.amount }),
    status: row.status,
    orderStatus: row.order_status,
    expiresAt: row.expires_at.toISOString(),
    ...(row.failure_reason === null ? {} : { failureReason: row.failure_reason }),
    createdAt: row.created_at.toISOString(),
    // The view changes when either the reservation or its order does.
    updatedAt: new Date(Math.max(row.updated_at.getTime(), row.order_updated_at.getTime())).toISOString(),
  }))
}

/** The user's reservation, or undefined when it does not exist or is someone else's. */
export async function findReservationView(db: Kysely<OrderDatabase>, reservationId: string, userId: string): Promise<ReservationView | undefined> {
  const row = await reservationsOf(db).where('r.id', '=', reservationId).where('r.user_id', '=', userId).executeTakeFirst()
  return row ? (await present(db, [row]))[0] : undefined
}

export async function listReservationViews(db: Kysely<OrderDatabase>, userId: string, page: number, size: number) {
  const rows = await reservationsOf(db).where('r.user_id', '=', userId)
    .orderBy('r.created_at', 'desc').orderBy('r.id', 'desc')
    .limit(size).offset((page - 1) * size).execute()
  const { total } = await db.selectFrom('reservation').select((eb) => eb.fn.countAll<number>().as('total'))
    .where('user_id', '=', userId).executeTakeFirstOrThrow()
  return { items: await present(db, rows), page, size, total: Number(total) }
}

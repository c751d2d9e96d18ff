import type { OutboxTables } from '@concert/outbox'
import type { IdempotencyTables } from '@concert/platform'
import type { OrderStatus, ReservationStatus } from '../domain/reservation.ts'

export interface OrdersTable {
  id: string
  user_id: string
  reservation_id: string
  status: OrderStatus
  /** NULL until concert-service confirms the seats and their prices */
  amount: number | null
  payment_id: string | null
  created_at: Date
  updated_at: Date
  version: number
}

export interface OrderItemTable {
  order_id: string
  seat_id: number
  price: number | null
}

export interface ReservationTable {
  id: string
  order_id: string
  user_id: string
  performance_id: string
  schedule_id: string
  status: ReservationStatus
  expires_at: Date
  failure_reason: string | null
  admission_token_id: string
  /** From ReservationConfirmedEvent, for ReservationPaidEvent (review-service needs it) */
  schedule_ends_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface ReservationItemTable {
  reservation_id: string
  seat_id: number
  price: number | null
}

/** The live holds: one row per held or sold seat of a schedule; its primary key forbids a double hold. */
export interface SeatReservationTable {
  schedule_id: string
  seat_id: number
  reservation_id: string
  status: 'HELD' | 'SOLD'
  expires_at: Date
}

/** Read model of concert-service's schedules (ScheduleCreatedEvent). */
export interface ScheduleTable {
  id: string
  performance_id: string
  starts_at: Date
  ends_at: Date
  booking_opens_at: Date
}

/** Admissions user-service ended before their expiry (AdmissionEndedEvent). */
export interface EndedAdmissionTable {
  token_id: string
  user_id: string
  performance_id: string
  reason: string
  ended_at: Date
}

/** The per-(fan, performance) row a hold locks, so one fan's holds for a performance run one at a time. */
export interface FanPerformanceTable {
  user_id: string
  performance_id: string
}

/** A paid order its owner cancelled (the refund saga): what was asked and which answers came back. */
export interface OrderRefundTable {
  order_id: string
  reservation_id: string
  payment_id: string
  user_id: string
  amount: number
  reason: string
  requested_at: Date
  /** the REFUND point transaction named by PaymentRefundedEvent */
  point_transaction_id: string | null
  points_refunded_at: Date | null
  seats_released_at: Date | null
  /** order REFUNDED, reservation CANCELLED */
  completed_at: Date | null
}

export interface OrderDatabase extends OutboxTables, IdempotencyTables {
  orders: OrdersTable
  order_item: OrderItemTable
  reservation: ReservationTable
  reservation_item: ReservationItemTable
  seat_reservation: SeatReservationTable
  schedule: ScheduleTable
  ended_admission: EndedAdmissionTable
  fan_performance: FanPerformanceTable
  order_refund: OrderRefundTable
}

import type { OutboxTables } from '@concert/outbox'
import type { IdempotencyTables } from '@concert/platform'
import type { NotificationType } from '../domain/notifications.ts'
import type { OrderViewStatus } from '../domain/orders.ts'
import type { PaymentStatus } from '../domain/payment.ts'
import type { PointTransactionType } from '../domain/points.ts'

export interface PaymentTable {
  id: string
  order_id: string
  user_id: string
  /** unknown until order-service says how much the order costs */
  amount: number | null
  status: PaymentStatus
  failure_reason: string | null
  /** = order_id while the payment is live, NULL once it ended; unique (see domain/payment.ts) */
  live_order_id: string | null
  created_at: Date
  updated_at: Date
}

export interface PointTable {
  user_id: string
  balance: number
  version: number
  updated_at: Date
}

export interface PointTransactionTable {
  id: string
  user_id: string
  type: PointTransactionType
  amount: number
  balance_after: number
  payment_id: string | null
  created_at: Date
}

export type PaymentPointType = Exclude<PointTransactionType, 'CHARGE'>

export interface PaymentPointTable {
  payment_id: string
  point_transaction_id: string
  /** primary key with payment_id: at most one deduction and one refund per payment */
  type: PaymentPointType
  created_at: Date
}

export interface NotificationTable {
  id: string
  user_id: string
  type: NotificationType
  title: string
  body: string
  reference_id: string
  created_at: Date
}

/** One row per reservation payment-service has heard of (see domain/orders.ts). */
export interface OrderViewTable {
  reservation_id: string
  /** unique; NULL on a tombstone (an ending event that came before the SeatReservedEvent) */
  order_id: string | null
  user_id: string | null
  status: OrderViewStatus
  expires_at: Date | null
  updated_at: Date
}

export interface PaymentDatabase extends OutboxTables, IdempotencyTables {
  order_view: OrderViewTable
  payment: PaymentTable
  point: PointTable
  point_transaction: PointTransactionTable
  payment_point: PaymentPointTable
  notification: NotificationTable
}

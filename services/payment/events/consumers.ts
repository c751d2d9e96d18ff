import type { EventHandlers } from '@concert/outbox'
import type { PaymentGateway } from '../domain/gateway.ts'
import type { Balances } from '../db/balances.ts'
import type { PaymentDatabase } from '../db/schema.ts'
import { onPointDeducted, onReservationConfirmed } from './notifications.ts'
import { onReservationEnded, onReservationPaid, onSeatReserved } from './orders.ts'
import { onOrderStatusUpdated, onPaymentRollback } from './payments.ts'
import { onPaymentCompleted, onPointRollback } from './points.ts'
import { onRefundRequested } from './refunds.ts'

export interface SagaDependencies {
  gateway: PaymentGateway
  balances: Balances
}

/** Every event payment-service consumes (SPEC §6), each a guarded transition. */
export function paymentEventHandlers({ gateway, balances }: SagaDependencies) {
  return {
    OrderStatusUpdatedEvent: (trx, event, ctx) => onOrderStatusUpdated(trx, event, ctx, gateway),
    PaymentCompletedEvent: (trx, event, ctx) => onPaymentCompleted(trx, event, ctx, balances),
    PaymentRollbackEvent: (trx, event) => onPaymentRollback(trx, event),
    PointRollbackEvent: (trx, event, ctx) => onPointRollback(trx, event, ctx, balances),
    ReservationConfirmedEvent: (trx, event, ctx) => onReservationConfirmed(trx, event, ctx),
    PointDeductedEvent: (trx, event, ctx) => onPointDeducted(trx, event, ctx),
    // The order read model POST /payments checks (domain/orders.ts).
    SeatReservedEvent: (trx, event) => onSeatReserved(trx, event),
    ReservationRollbackEvent: (trx, event) => onReservationEnded(trx, event),
    ReservationExpiredEvent: (trx, event) => onReservationEnded(trx, event),
    ReservationCancelledEvent: (trx, event) => onReservationEnded(trx, event),
    ReservationPaidEvent: (trx, event) => onReservationPaid(trx, event),
    // The refund saga: points back, payment REFUNDED, the fan told (events/refunds.ts).
    RefundRequestedEvent: (trx, event, ctx) => onRefundRequested(trx, event, ctx, balances),
  } satisfies EventHandlers<PaymentDatabase>
}

export type PaymentEventHandlers = ReturnType<typeof paymentEventHandlers>

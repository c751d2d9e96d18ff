/** What users are told, and when (SPEC §7 steps 3 and 6). */
export type NotificationType = 'RESERVATION_HELD' | 'PAYMENT_COMPLETED' | 'REFUND_COMPLETED'

export interface NotificationContent {
  type: NotificationType
  title: string
  body: string
  referenceId: string
}

const krw = (amount: number) => `${amount.toLocaleString('en-US')} KRW`

export function reservationHeld(event: { reservationId: string; seats: ReadonlyArray<{ seatId: number; price: number }>; amount: number }): NotificationContent {
  const seats = event.seats.map((seat) => `#${seat.seatId}`).join(', ')
  return {
    type: 'RESERVATION_HELD',
    title: 'Reservation held',
    body: `Your seats ${seats} are held for you. Pay ${krw(event.amount)} before the hold expires.`,
    referenceId: event.reservationId,
  }
}

export function paymentCompleted(event: { paymentId: string; amount: number }): NotificationContent {
  return {
    type: 'PAYMENT_COMPLETED',
    title: 'Payment completed',
    body: `${krw(event.amount)} in points was used for your order. Enjoy the show!`,
    referenceId: event.paymentId,
  }
}

/** The refund saga: the fan cancelled a paid booking and got every point back. */
export function refundCompleted(event: { paymentId: string; amount: number; seatIds: readonly number[] }): NotificationContent {
  const seats = event.seatIds.map((seatId) => `#${seatId}`).join(', ')
  return {
    type: 'REFUND_COMPLETED',
    title: 'Booking cancelled and refunded',
    body: `Your booking of seats ${seats} is cancelled. ${krw(event.amount)} in points was returned to your balance.`,
    referenceId: event.paymentId,
  }
}

/**
 * The seat state machine (SPEC §7): AVAILABLE → HELD(reservation) → SOLD, and HELD → AVAILABLE; a refund
 * (issue 11) makes a SOLD seat AVAILABLE again.
 * Holds are all-or-nothing per reservation. Pure: the event handlers load the seats, ask these
 * functions what to do, and write the answer.
 */
export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD'

export interface SeatState {
  id: number
  status: SeatStatus
  reservationId: string | null
  price: number
}

export type HoldRefusal = 'SEAT_NOT_FOUND' | 'SEAT_UNAVAILABLE'

export type HoldDecision =
  | { kind: 'hold'; seats: Array<{ seatId: number; price: number }>; amount: number }
  | { kind: 'already-held' }
  | { kind: 'refuse'; reason: HoldRefusal; seatIds: number[] }

/**
 * Whether `reservationId` may hold `requested` seats, given the seats found. Seats this reservation
 * already holds or bought mean the hold was applied before (a re-published event): nothing to do.
 */
export function decideHold(requested: readonly number[], found: readonly SeatState[], reservationId: string): HoldDecision {
  const byId = new Map(found.map((seat) => [seat.id, seat]))
  const missing = requested.filter((id) => !byId.has(id))
  if (missing.length > 0) return { kind: 'refuse', reason: 'SEAT_NOT_FOUND', seatIds: missing }
  const seats = requested.map((id) => byId.get(id)!)
  if (seats.every((seat) => seat.status !== 'AVAILABLE' && seat.reservationId === reservationId)) return { kind: 'already-held' }
  const taken = seats.filter((seat) => seat.status !== 'AVAILABLE').map((seat) => seat.id)
  if (taken.length > 0) return { kind: 'refuse', reason: 'SEAT_UNAVAILABLE', seatIds: taken }
  const priced = seats.map((seat) => ({ seatId: seat.id, price: seat.price }))
  return { kind: 'hold', seats: priced, amount: totalPrice(priced) }
}

/**
 * A hold asked for at or after its reservation's expiry comes from a late or replayed
 * SeatReservedEvent: order-service has expired the reservation or is about to, and would not take a
 * payment for it, so holding the seats would only take them from other fans.
 */
export const holdLapsed = (expiresAt: Date, now: Date): boolean => expiresAt.getTime() <= now.getTime()

/** The amount of a reservation: the sum of its seats' prices (integer KRW). */
export const totalPrice = (seats: ReadonlyArray<{ price: number }>) => seats.reduce((sum, seat) => sum + seat.price, 0)

/** The seats a reservation's expiry or cancellation makes AVAILABLE again: those it still holds. */
export const releasable = (seats: readonly SeatState[], reservationId: string) =>
  seats.filter((seat) => seat.status === 'HELD' && seat.reservationId === reservationId).map((seat) => seat.id)

export type SaleDecision = { kind: 'sell'; seatIds: number[] } | { kind: 'ignore'; reason: string }

/**
 * A paid reservation buys its seats only if it holds every one of them: selling a subset would
 * leave a SOLD seat without a complete reservation behind it.
 */
export function decideSale(requested: readonly number[], found: readonly SeatState[], reservationId: string): SaleDecision {
  const byId = new Map(found.map((seat) => [seat.id, seat]))
  const seats = requested.map((id) => byId.get(id))
  if (seats.every((seat) => seat?.status === 'SOLD' && seat.reservationId === reservationId)) {
    return { kind: 'ignore', reason: 'seats already sold to this reservation' }
  }
  const notHeld = requested.filter((id, i) => !(seats[i]?.status === 'HELD' && seats[i]?.reservationId === reservationId))
  if (notHeld.length > 0) return { kind: 'ignore', reason: `seats not held by this reservation: ${notHeld.join(',')}` }
  return { kind: 'sell', seatIds: [...requested] }
}

/**
 * The refund saga (issue 11): a paid booking was cancelled, so the seats the reservation bought go
 * back to AVAILABLE (SOLD → AVAILABLE). Seats it still only holds (its ReservationPaidEvent has not
 * arrived yet) are freed too, so that a late sale finds nothing to sell. Seats of other reservations
 * are never touched.
 */
export function refundable(seats: readonly SeatState[], reservationId: string): { sold: number[]; held: number[] } {
  const mine = seats.filter((seat) => seat.reservationId === reservationId)
  return {
    sold: mine.filter((seat) => seat.status === 'SOLD').map((seat) => seat.id),
    held: mine.filter((seat) => seat.status === 'HELD').map((seat) => seat.id),
  }
}

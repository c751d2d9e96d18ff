/**
 * The fair-sale rules a hold must pass before any seat is touched (issue 8): the schedule is known,
 * belongs to the admission's performance and is on sale; the admission has not ended and has no
 * live hold; the fan stays within the per-performance ticket limit. Pure: the callers read the
 * facts (under the fan's lock) and map a refusal to its problem.
 */
import type { ReservationStatus } from './reservation.ts'

/** What order-service knows of a schedule, from ScheduleCreatedEvent. */
export interface ScheduleFacts {
  performanceId: string
  startsAt: Date
  bookingOpensAt: Date
}

/** One reservation this fan made for this performance, with the number of its seats. */
export interface FanReservation {
  reservationId: string
  admissionTokenId: string
  status: ReservationStatus
  seats: number
}

export type HoldRefusal =
  | { code: 'SCHEDULE_NOT_FOUND' }
  | { code: 'ADMISSION_WRONG_PERFORMANCE' }
  | { code: 'BOOKING_CLOSED'; window: 'NOT_OPEN_YET' | 'CLOSED' }
  | { code: 'ADMISSION_USED' }
  | { code: 'HOLD_EXISTS'; reservationId: string }
  | { code: 'TICKET_LIMIT'; limit: number; held: number; requested: number }

export type BookingWindow = 'NOT_OPEN_YET' | 'OPEN' | 'CLOSED'

/** Seats can be held from bookingOpensAt (inclusive) until the show starts (exclusive), as concert-service decides. */
export function bookingWindow(schedule: Pick<ScheduleFacts, 'startsAt' | 'bookingOpensAt'>, now: Date): BookingWindow {
  if (now.getTime() < schedule.bookingOpensAt.getTime()) return 'NOT_OPEN_YET'
  if (now.getTime() < schedule.startsAt.getTime()) return 'OPEN'
  return 'CLOSED'
}

/** A hold that still has its seats: not yet paid, cancelled, expired or refused. */
export const isLive = (status: ReservationStatus): boolean => status === 'PENDING' || status === 'HELD'

/** Seats that count against the limit: those held (live) and those bought. */
const counts = (status: ReservationStatus): boolean => isLive(status) || status === 'CONFIRMED'

/**
 * An admission ends for good once a purchase made with it is paid, or once user-service announced
 * that it ended (the fan left the waiting room). A hold that was released does not end it.
 */
export function isAdmissionEnded(tokenId: string, reservations: readonly FanReservation[], announcedEnded: boolean): boolean {
  return announcedEnded || reservations.some((r) => r.admissionTokenId === tokenId && r.status === 'CONFIRMED')
}

/** Seats the fan holds or bought for the performance. */
export const seatsHeld = (reservations: readonly FanReservation[]): number =>
  reservations.filter((r) => counts(r.status)).reduce((sum, r) => sum + r.seats, 0)

/** Checks 2–4 of POST /reservations: the schedule as the admission and the clock see it. */
export function scheduleRefusal(schedule: ScheduleFacts | undefined, admissionPerformanceId: string, now: Date): HoldRefusal | undefined {
  if (!schedule) return { code: 'SCHEDULE_NOT_FOUND' }
  if (schedule.performanceId !== admissionPerformanceId) return { code: 'ADMISSION_WRONG_PERFORMANCE' }
  const window = bookingWindow(schedule, now)
  if (window !== 'OPEN') return { code: 'BOOKING_CLOSED', window }
  return undefined
}

export interface FanFacts {
  tokenId: string
  /** user-service announced the end of this admission (AdmissionEndedEvent) */
  announcedEnded: boolean
  /** every reservation of this fan for this performance, whatever its status */
  reservations: readonly FanReservation[]
  requested: number
  limit: number
}

/** Checks 5a–c, decided under the fan's lock: ended admission, one live hold per admission, the per-fan limit. */
export function fanRefusal({ tokenId, announcedEnded, reservations, requested, limit }: FanFacts): HoldRefusal | undefined {
  if (isAdmissionEnded(tokenId, reservations, announcedEnded)) return { code: 'ADMISSION_USED' }
  const live = reservations.find((r) => r.admissionTokenId === tokenId && isLive(r.status))
  if (live) return { code: 'HOLD_EXISTS', reservationId: live.reservationId }
  const held = seatsHeld(reservations)
  if (held + requested > limit) return { code: 'TICKET_LIMIT', limit, held, requested }
  return undefined
}

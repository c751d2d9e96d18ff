/**
 * Schedule rules: which times are valid, when a schedule can be booked, and which schedules are
 * listed as bookable. Pure: no I/O, the clock is a parameter.
 */
export interface ScheduleTimes {
  startsAt: Date
  endsAt: Date
  bookingOpensAt: Date
}

/** DATETIME holds years 1000..9999; a ticketing calendar needs far less. */
const EARLIEST = Date.parse('2000-01-01T00:00:00Z')
const LATEST = Date.parse('2100-01-01T00:00:00Z')

/** The first problem with a schedule's times, or undefined when they are valid. */
export function scheduleProblem({ startsAt, endsAt, bookingOpensAt }: ScheduleTimes): string | undefined {
  for (const [name, at] of [['startsAt', startsAt], ['endsAt', endsAt], ['bookingOpensAt', bookingOpensAt]] as const) {
    const ms = at.getTime()
    if (Number.isNaN(ms)) return `${name} is not a valid date-time`
    if (ms < EARLIEST || ms >= LATEST) return `${name} must be in the years 2000..2099`
  }
  if (startsAt.getTime() >= endsAt.getTime()) return 'startsAt must be before endsAt'
  if (bookingOpensAt.getTime() > startsAt.getTime()) return 'bookingOpensAt must not be after startsAt'
  return undefined
}

export type BookingWindow = 'NOT_OPEN_YET' | 'OPEN' | 'CLOSED'

/** Seats can be held from bookingOpensAt (inclusive) until the show starts (exclusive). */
export function bookingWindow(schedule: Pick<ScheduleTimes, 'startsAt' | 'bookingOpensAt'>, now: Date): BookingWindow {
  if (now.getTime() < schedule.bookingOpensAt.getTime()) return 'NOT_OPEN_YET'
  if (now.getTime() < schedule.startsAt.getTime()) return 'OPEN'
  return 'CLOSED'
}

/**
 * A schedule is listed as bookable until it starts, including before its booking opens, so fans
 * can see what is coming and when they may book (`bookingOpensAt`).
 */
export const isListed = (schedule: Pick<ScheduleTimes, 'startsAt'>, now: Date) => schedule.startsAt.getTime() > now.getTime()

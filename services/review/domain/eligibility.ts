/**
 * Who may review a performance: someone with a paid reservation for one of its schedules that has
 * already ended. Attendance comes from ReservationPaidEvent, so a reservation that was never paid
 * never counts.
 */
export interface Attendance {
  scheduleEndsAt: Date
}

export type Eligibility =
  | { eligible: true }
  | { eligible: false; reason: 'NO_PAID_RESERVATION' }
  | { eligible: false; reason: 'SHOW_NOT_ENDED'; endsAt: Date }

export function reviewEligibility(attendances: readonly Attendance[], now: Date): Eligibility {
  if (attendances.length === 0) return { eligible: false, reason: 'NO_PAID_RESERVATION' }
  if (attendances.some((a) => a.scheduleEndsAt.getTime() <= now.getTime())) return { eligible: true }
  const endsAt = new Date(Math.min(...attendances.map((a) => a.scheduleEndsAt.getTime())))
  return { eligible: false, reason: 'SHOW_NOT_ENDED', endsAt }
}

/**
 * Attendance of one reservation: NONE → RECORDED on ReservationPaidEvent, and nothing after that.
 * A paid reservation is final in this system (no refunds after payment), so there is no way back.
 */
export type AttendanceState = 'NONE' | 'RECORDED'

export type AttendanceDecision = { outcome: 'record' } | { outcome: 'ignored'; reason: string }

export function onReservationPaid(state: AttendanceState): AttendanceDecision {
  return state === 'NONE'
    ? { outcome: 'record' }
    : { outcome: 'ignored', reason: 'attendance for this reservation is already recorded' }
}

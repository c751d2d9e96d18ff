/**
 * Attendance of one reservation: NONE → RECORDED on ReservationPaidEvent; RECORDED or NONE → WITHDRAWN
 * on RefundRequestedEvent (the fan cancelled the paid booking: a refunded fan cannot review).
 * WITHDRAWN is final: a ReservationPaidEvent arriving after the refund (another topic, or a DLQ
 * replay) records nothing, which is why a withdrawal with nothing to withdraw still leaves its mark.
 */
export type AttendanceState = 'NONE' | 'RECORDED' | 'WITHDRAWN'

export type AttendanceDecision = { outcome: 'record' } | { outcome: 'ignored'; reason: string }

export function onReservationPaid(state: AttendanceState): AttendanceDecision {
  if (state === 'WITHDRAWN') return { outcome: 'ignored', reason: 'the reservation was refunded; attendance withdrawn' }
  return state === 'NONE'
    ? { outcome: 'record' }
    : { outcome: 'ignored', reason: 'attendance for this reservation is already recorded' }
}

export type WithdrawalDecision = { outcome: 'withdraw' } | { outcome: 'ignored'; reason: string }

export function onRefundRequested(state: AttendanceState): WithdrawalDecision {
  return state === 'WITHDRAWN' ? { outcome: 'ignored', reason: 'attendance already withdrawn' } : { outcome: 'withdraw' }
}

import type { OutboxTables } from '@concert/outbox'

export interface ReviewTable {
  id: string
  user_id: string
  performance_id: string
  rating: number
  content: string
  created_at: Date
}

/** Read model of ReservationPaidEvent: who paid for which schedule, and when that schedule ends. */
export interface AttendanceTable {
  user_id: string
  reservation_id: string
  performance_id: string
  schedule_id: string
  schedule_ends_at: Date
  recorded_at: Date
}

/** Reservations refunded after (or before) being paid: their attendance is gone and never recorded again. */
export interface AttendanceWithdrawalTable {
  reservation_id: string
  user_id: string
  withdrawn_at: Date
}

export interface ReviewDatabase extends OutboxTables {
  review: ReviewTable
  attendance: AttendanceTable
  attendance_withdrawal: AttendanceWithdrawalTable
}

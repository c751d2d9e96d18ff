import type { ColumnType, Generated } from 'kysely'
import type { OutboxTables } from '@concert/outbox'
import type { SeatStatus } from '../domain/seat.ts'
import type { Section } from '../domain/venue.ts'

export interface VenueTable {
  id: string
  name: string
  address: string
  /** JSON text on insert; mysql2 returns a string on MariaDB and parsed JSON on MySQL */
  sections: ColumnType<Section[] | string, string, never>
  created_at: Date
}

export interface PerformanceTable {
  id: string
  title: string
  description: string
  venue_id: string
  created_at: Date
}

export interface ScheduleTable {
  id: string
  performance_id: string
  starts_at: Date
  ends_at: Date
  booking_opens_at: Date
  created_at: Date
}

export interface SeatTable {
  id: Generated<number>
  schedule_id: string
  section: string
  row_no: number
  number: number
  grade: string
  price: number
  status: SeatStatus
  reservation_id: string | null
  version: number
  updated_at: Date
}

/** A schedule's seat count, written once with its seats; AVAILABLE seats are counted from `seat` (db/seats.ts). */
export interface SeatAvailabilityTable {
  schedule_id: string
  total_seats: number
  updated_at: Date
}

export interface ConcertDatabase extends OutboxTables {
  venue: VenueTable
  performance: PerformanceTable
  schedule: ScheduleTable
  seat: SeatTable
  seat_availability: SeatAvailabilityTable
}

import type { Generated } from 'kysely'
import type { OutboxTables } from '@concert/outbox'
import type { Role } from '@concert/platform'
import type { TokenStatus } from '../domain/waiting-room.ts'

export interface UserTable {
  id: string
  email: string
  name: string
  password_hash: string
  role: Role
  created_at: Date
  updated_at: Date
}

export interface TokenTable {
  id: string
  user_id: string
  performance_id: string
  status: TokenStatus
  created_at: Date
  activated_at: Date | null
  expires_at: Date | null
  ended_at: Date | null
}

export interface SigningKeyTable {
  kid: string
  private_jwk: string
  public_jwk: string
  created_at: Date
  seq: Generated<number>
}

export interface RefreshTokenTable {
  /** hex sha-256 of the token; the token itself is never stored */
  token_hash: string
  family_id: string
  user_id: string
  created_at: Date
  expires_at: Date
  rotated_at: Date | null
  revoked_at: Date | null
}

/** concert-service's schedules, from ScheduleCreatedEvent. */
export interface PerformanceScheduleTable {
  schedule_id: string
  performance_id: string
  starts_at: Date
  ends_at: Date
  booking_opens_at: Date
}

export interface UserDatabase extends OutboxTables {
  user: UserTable
  token: TokenTable
  signing_key: SigningKeyTable
  refresh_token: RefreshTokenTable
  performance_schedule: PerformanceScheduleTable
}

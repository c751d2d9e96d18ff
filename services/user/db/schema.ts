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

export interface UserDatabase extends OutboxTables {
  user: UserTable
  token: TokenTable
  signing_key: SigningKeyTable
}

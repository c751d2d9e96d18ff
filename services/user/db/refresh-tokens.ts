import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Role } from '@concert/platform'
import { judgeRefreshToken } from '../domain/session.ts'
import type { UserDatabase } from './schema.ts'

type Db = Kysely<UserDatabase> | Transaction<UserDatabase>

/** Unknown, expired or revoked. */
export class InvalidRefreshTokenError extends Error {
  constructor() {
    super('refresh token is not valid')
  }
}

/** Already rotated: its family has been revoked (committed) by the time this is thrown. */
export class RefreshTokenReusedError extends Error {
  constructor() {
    super('refresh token was already used')
  }
}

export interface IssuedRefreshToken {
  refreshToken: string
  expiresAt: Date
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** 256 random bits, base64url; the row keeps only its sha-256 (a random token needs no slow hash). */
export async function issueRefreshToken(
  db: Db, userId: string, now: Date, ttlSeconds: number, familyId: string = randomUUID(),
): Promise<IssuedRefreshToken> {
  const refreshToken = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000)
  await db.insertInto('refresh_token').values({
    token_hash: hashOf(refreshToken), family_id: familyId, user_id: userId, created_at: now, expires_at: expiresAt, rotated_at: null, revoked_at: null,
  }).execute()
  return { refreshToken, expiresAt }
}

async function revokeFamilyOf(trx: Db, familyId: string, now: Date): Promise<void> {
  await trx.updateTable('refresh_token').set({ revoked_at: now })
    .where('family_id', '=', familyId).where('revoked_at', 'is', null).execute()
}

/**
 * Retires `refreshToken` and issues its successor. The presented row is locked first, so two
 * refreshes with the same token serialize: the second finds it rotated, which is reuse.
 */
export async function rotateRefreshToken(
  db: Kysely<UserDatabase>, refreshToken: string, now: Date, ttlSeconds: number,
): Promise<IssuedRefreshToken & { userId: string; role: Role }> {
  const result = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('refresh_token').selectAll()
      .where('token_hash', '=', hashOf(refreshToken)).forUpdate().executeTakeFirst()
    const verdict = judgeRefreshToken(row, now)
    if (verdict === 'invalid') return { verdict } as const
    if (verdict === 'reused') {
      await revokeFamilyOf(trx, row!.family_id, now)
      return { verdict } as const
    }
    const user = await trx.selectFrom('user').select('role').where('id', '=', row!.user_id).executeTakeFirst()
    if (!user) return { verdict: 'invalid' } as const
    await trx.updateTable('refresh_token').set({ rotated_at: now }).where('token_hash', '=', row!.token_hash).execute()
    const next = await issueRefreshToken(trx, row!.user_id, now, ttlSeconds, row!.family_id)
    return { verdict, ...next, userId: row!.user_id, role: user.role } as const
  })
  if (result.verdict === 'invalid') throw new InvalidRefreshTokenError()
  if (result.verdict === 'reused') throw new RefreshTokenReusedError()
  return result
}

/** Sign-out: the family of `refreshToken` is revoked; an unknown token changes nothing. */
export async function revokeRefreshFamily(db: Kysely<UserDatabase>, refreshToken: string, now: Date): Promise<void> {
  const row = await db.selectFrom('refresh_token').select('family_id').where('token_hash', '=', hashOf(refreshToken)).executeTakeFirst()
  if (row) await revokeFamilyOf(db, row.family_id, now)
}

/** Expired tokens can never be accepted again; removes up to `limit` of them, returns how many. */
export async function deleteExpiredRefreshTokens(db: Kysely<UserDatabase>, now: Date, limit = 1000): Promise<number> {
  const result = await db.deleteFrom('refresh_token').where('expires_at', '<', now).limit(limit).executeTakeFirst()
  return Number(result.numDeletedRows)
}

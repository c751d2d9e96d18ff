import type { Kysely, Transaction } from 'kysely'
import { appendEvent } from '@concert/outbox'
import { canTransition } from '../domain/waiting-room.ts'
import type { UserDatabase } from './schema.ts'

type Db = Kysely<UserDatabase> | Transaction<UserDatabase>

export async function markAdmitted(db: Db, tokenIds: string[], at: Date, expiresAt: Date): Promise<void> {
  if (tokenIds.length === 0) return
  await db.updateTable('token').set({ status: 'ACTIVE', activated_at: at, expires_at: expiresAt })
    .where('id', 'in', tokenIds).where('status', '=', 'WAITING').execute()
}

export async function markExpired(db: Db, tokenIds: string[], at: Date): Promise<void> {
  if (tokenIds.length === 0) return
  await db.updateTable('token').set({ status: 'EXPIRED', ended_at: at })
    .where('id', 'in', tokenIds).where('status', 'in', ['WAITING', 'ACTIVE']).execute()
}

/**
 * The fan leaves the waiting room: a live token ends (EXPIRED) and AdmissionEndedEvent LEFT is
 * appended in the same transaction, so order-service learns that an admission already handed out
 * is void. Undefined when the token is not this user's; `ended: false` when it had already ended.
 */
export async function leaveToken(db: Kysely<UserDatabase>, tokenId: string, userId: string, now: Date) {
  return db.transaction().execute(async (trx) => {
    const token = await trx.selectFrom('token').select(['user_id', 'performance_id', 'status'])
      .where('id', '=', tokenId).forUpdate().executeTakeFirst()
    if (!token || token.user_id !== userId) return undefined
    const performanceId = token.performance_id
    if (!canTransition(token.status, 'EXPIRED')) return { performanceId, ended: false }
    await trx.updateTable('token').set({ status: 'EXPIRED', ended_at: now }).where('id', '=', tokenId).execute()
    await appendEvent(trx, { type: 'AdmissionEndedEvent', payload: { tokenId, userId, performanceId, reason: 'LEFT', endedAt: now.toISOString() } })
    return { performanceId, ended: true }
  })
}

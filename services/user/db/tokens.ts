import type { Kysely, Transaction } from 'kysely'
import { appendEvent } from '@concert/outbox'
import { canTransition } from '../domain/waiting-room.ts'
import type { TokenTable, UserDatabase } from './schema.ts'

type Db = Kysely<UserDatabase> | Transaction<UserDatabase>

export async function tokenById(db: Db, tokenId: string): Promise<TokenTable | undefined> {
  return db.selectFrom('token').selectAll().where('id', '=', tokenId).executeTakeFirst()
}

/** The history row of a join, written before the token is queued in Redis. */
export async function insertWaitingToken(db: Db, token: TokenTable): Promise<void> {
  await db.insertInto('token').values(token).execute()
}

/**
 * Takes back the row of a join that did not queue its token (Redis failed, or the user already has a
 * live token): the token never existed for the client. Only while it is still WAITING, so a token the
 * admission loop has meanwhile admitted (a join whose reply was lost but that did queue) is kept.
 */
export async function discardWaitingToken(db: Db, tokenId: string): Promise<void> {
  await db.deleteFrom('token').where('id', '=', tokenId).where('status', '=', 'WAITING').execute()
}

/**
 * Writes the history row of a token that is live in Redis without one: a join whose Redis reply was
 * lost queued the token, and its row was discarded as unqueued. The Redis entry (users hash) names the
 * user and performance it belongs to. A concurrent adoption of the same token is no error.
 */
export async function adoptQueuedToken(db: Db, token: Pick<TokenTable, 'id' | 'user_id' | 'performance_id'>, now: Date): Promise<TokenTable> {
  const row: TokenTable = { ...token, status: 'WAITING', created_at: now, activated_at: null, expires_at: null, ended_at: null }
  await db.insertInto('token').ignore().values(row).execute()
  return (await tokenById(db, token.id)) ?? row
}

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

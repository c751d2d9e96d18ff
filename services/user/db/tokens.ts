import type { Kysely, Transaction } from 'kysely'
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

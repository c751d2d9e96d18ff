/**
 * The idempotency guard (SPEC §8): `processed_event(event_id, consumer)` is inserted in the same
 * transaction as the handler's changes, so a redelivered record finds its row and changes nothing.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import { isDuplicateKey } from './errors.ts'
import type { HandlerResult } from './consumer-types.ts'

export type ApplyOutcome = 'applied' | 'ignored' | 'duplicate'

/**
 * In ONE transaction: claim (event_id, consumer); a duplicate key means it was handled already and
 * nothing else runs; otherwise run `handle` and record its outcome (`ignored` + reason). Errors roll
 * everything back, the claim included, so the record can be retried.
 */
export async function applyOnce<DB>(
  db: Kysely<DB>,
  eventId: string,
  consumer: string,
  handle: (trx: Transaction<DB>) => Promise<HandlerResult | void>,
): Promise<ApplyOutcome> {
  return db.transaction().execute(async (trx) => {
    try {
      await sql`INSERT INTO processed_event (event_id, consumer, outcome, reason, processed_at)
                VALUES (${eventId}, ${consumer}, 'applied', NULL, UTC_TIMESTAMP(6))`.execute(trx)
    } catch (e) {
      if (isDuplicateKey(e)) return 'duplicate'
      throw e
    }
    const result = (await handle(trx)) ?? { outcome: 'applied' as const }
    if (result.outcome === 'ignored') {
      await sql`UPDATE processed_event SET outcome = 'ignored', reason = ${String(result.reason).slice(0, 255)}
                WHERE event_id = ${eventId} AND consumer = ${consumer}`.execute(trx)
    }
    return result.outcome
  })
}

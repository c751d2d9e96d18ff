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

/** One event of a batch applied by `applyBatchOnce`. */
export interface BatchItem<DB> {
  eventId: string
  handle(trx: Transaction<DB>): Promise<HandlerResult | void>
}

/**
 * A batch in ONE transaction: the events this consumer has processed already (one SELECT) and
 * repeats within the batch are `duplicate` and do not run; the others run in order, then ONE
 * multi-row INSERT records them all. That INSERT is still the guard: should another member of the
 * group have committed one of these events meanwhile (a rebalance overlap), it fails with a duplicate
 * key and the whole batch rolls back, like any handler error (the caller then applies it record by
 * record). Returns the outcome of each item, in order.
 */
export async function applyBatchOnce<DB>(db: Kysely<DB>, consumer: string, items: BatchItem<DB>[]): Promise<ApplyOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const ids = [...new Set(items.map((i) => i.eventId))]
    const found = await sql<{ event_id: string }>`SELECT event_id FROM processed_event
      WHERE consumer = ${consumer} AND event_id IN (${sql.join(ids)})`.execute(trx)
    const seen = new Set(found.rows.map((r) => r.event_id))
    const outcomes: ApplyOutcome[] = []
    const rows: Array<[string, 'applied' | 'ignored', string | null]> = []
    for (const item of items) {
      if (seen.has(item.eventId)) {
        outcomes.push('duplicate')
        continue
      }
      seen.add(item.eventId)
      const result = (await item.handle(trx)) ?? { outcome: 'applied' as const }
      rows.push([item.eventId, result.outcome, result.outcome === 'ignored' ? String(result.reason).slice(0, 255) : null])
      outcomes.push(result.outcome)
    }
    if (rows.length > 0) {
      await sql`INSERT INTO processed_event (event_id, consumer, outcome, reason, processed_at) VALUES
        ${sql.join(rows.map(([id, outcome, reason]) => sql`(${id}, ${consumer}, ${outcome}, ${reason}, UTC_TIMESTAMP(6))`))}`.execute(trx)
    }
    return outcomes
  })
}

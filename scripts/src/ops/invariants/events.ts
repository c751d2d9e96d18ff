/** Outbox events not yet recorded in processed_event by every consumer (SPEC §7: every event applied). */
import { isEventName } from '@concert/outbox'
import { CONSUMERS, SERVICE_DBS, type ServiceDb, type Source } from './model.ts'

export interface OutboxRow {
  service: ServiceDb
  id: string
  type: string
  aggregateid: string
  created_at: Date
}

/** Outbox rows written since `since` (all retained rows when omitted) whose consumers have not all recorded them. */
export async function unconsumedEvents(src: Source, since?: Date): Promise<Array<OutboxRow & { missing: ServiceDb[] }>> {
  const rows: OutboxRow[] = []
  for (const service of SERVICE_DBS) {
    let q = src.db[service].selectFrom('outbox').select(['id', 'type', 'aggregateid', 'created_at'])
    if (since) q = q.where('created_at', '>=', since)
    const r = await q.execute()
    rows.push(...r.map((row: Omit<OutboxRow, 'service'>) => ({ ...row, service })))
  }
  const byConsumer = new Map<ServiceDb, string[]>()
  for (const row of rows) {
    if (!isEventName(row.type)) continue
    for (const consumer of CONSUMERS[row.type]) {
      const list = byConsumer.get(consumer) ?? []
      list.push(row.id)
      byConsumer.set(consumer, list)
    }
  }
  const processed = new Set<string>()
  for (const [consumer, ids] of byConsumer) {
    for (let i = 0; i < ids.length; i += 500) {
      const found = await src.db[consumer].selectFrom('processed_event').select('event_id')
        .where('consumer', '=', consumer).where('event_id', 'in', ids.slice(i, i + 500)).execute()
      for (const f of found) processed.add(`${consumer}:${f.event_id}`)
    }
  }
  const out: Array<OutboxRow & { missing: ServiceDb[] }> = []
  for (const row of rows) {
    const consumers = isEventName(row.type) ? CONSUMERS[row.type] : []
    const missing = consumers.filter((c) => !processed.has(`${c}:${row.id}`))
    if (!isEventName(row.type)) out.push({ ...row, missing: ['(unknown event type)' as ServiceDb] })
    else if (missing.length) out.push({ ...row, missing })
  }
  return out
}

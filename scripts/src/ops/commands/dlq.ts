/** pnpm ops dlq list <topic> [--limit N] | dlq replay <topic> [--id <eventId>] [--dry-run] */
import type { Admin, IHeaders, Kafka } from 'kafkajs'
import { originalHeaders } from '@concert/outbox/dead-letter'
import { dlqTopic } from '@concert/outbox/topics'
import { EXIT_OK, OpsError, UsageError, parse, positiveInt, printJson, str, wantsHelp } from '../cli.ts'
import {
  deleteGroup,
  encodeReplayed,
  header,
  newScanGroup,
  openKafka,
  outbox,
  readRanges,
  replayGroupOf,
  replayProgress,
  resolveDlqTopic,
  topicOffsets,
  withAdmin,
  type RawRecord,
  type ReplayProgress,
} from '../kafka.ts'
import { age, clip, dim, green, table, yellow } from '../tables.ts'

export const HELP = `usage: pnpm ops dlq <list|replay> <topic> …

<topic> is the original topic or its DLQ topic: \`order-topic\` and \`order-topic.dlq\` are the same.

  pnpm ops dlq list <topic> [--limit N] [--json]
      the newest N (default 50) records of <topic>.dlq, oldest first: DLQ partition/offset, key, event
      type, event id, error, attempts, consumer, original partition/offset, age (since dlq-failed-at)
      and whether \`dlq replay\` has replayed it. --json adds the headers and the value.

  pnpm ops dlq replay <topic> [--id <eventId>] [--dry-run] [--json]
      re-produces DLQ records to their original topic (header dlq-original-topic) with the original key,
      value and headers (id, eventType, traceparent, …; every dlq-* header dropped). The key picks the
      same partition as the original record. Consumers are idempotent by the id header, so a record
      that was in fact processed is skipped as a duplicate.
      Without --id: every record not replayed yet. With --id: only the record(s) whose id header is
      <eventId> (the whole DLQ topic is scanned); exit 1 if there is none.
      --dry-run prints what would be replayed and changes nothing.

Replay progress (so that a second run does not replay a record twice):
  it lives in consumer group ops.dlq-replay.<topic> on <topic>.dlq. Per partition, every record below
  the group's committed offset has been replayed; records replayed one by one with --id above that offset
  are listed in the commit's metadata ({"replayed":[offsets]}). A full replay starts at the committed
  offset (or the low watermark), skips the listed offsets and commits the high watermark it read up to;
  --id skips a match that is already covered and otherwise replays it and records its offset. Progress is
  committed after each partition's records are produced (acks=all): a crash in between can replay those
  records again, which the idempotent consumers absorb. To replay everything again on purpose:
  \`kafka-consumer-groups --delete --group ops.dlq-replay.<topic>\` (or admin.deleteGroups).
  Only one replay of a topic runs at a time (a second one exits 1 while the group has a member).

Exit code: 0 done (also when there was nothing to replay), 1 failed (Kafka unreachable, produce failed,
--id not found, replay already running), 2 usage (unknown topic: the DLQ topics are listed).`

const LIST_HELP = HELP.split('\n\n')[2]!.trim()
const REPLAY_HELP = HELP.split('\n\n').slice(3).join('\n\n').trim()

export interface DlqRecord {
  partition: number
  offset: string
  key: string | null
  eventType: string | null
  eventId: string | null
  error: string | null
  attempts: number | null
  consumer: string | null
  originalTopic: string
  originalPartition: number | null
  originalOffset: string | null
  failedAt: string | null
  ageMs: number | null
  replayed: boolean
}

const h = (r: RawRecord, n: string) => header(r.headers, n) ?? null
const intOrNull = (s: string | null) => (s !== null && /^-?\d+$/.test(s) ? Number(s) : null)

function describe(r: RawRecord, base: string, progress: Map<number, ReplayProgress>): DlqRecord {
  const failedAt = h(r, 'dlq-failed-at')
  const t = failedAt ? Date.parse(failedAt) : Number(r.timestamp)
  const p = progress.get(r.partition)
  const o = BigInt(r.offset)
  return {
    partition: r.partition,
    offset: r.offset,
    key: r.key ? r.key.toString('utf8') : null,
    eventType: h(r, 'eventType'),
    eventId: h(r, 'id'),
    error: h(r, 'dlq-error'),
    attempts: intOrNull(h(r, 'dlq-attempts')),
    consumer: h(r, 'dlq-consumer'),
    originalTopic: h(r, 'dlq-original-topic') ?? base,
    originalPartition: intOrNull(h(r, 'dlq-original-partition')),
    originalOffset: h(r, 'dlq-original-offset'),
    failedAt,
    ageMs: Number.isFinite(t) ? Date.now() - t : null,
    replayed: p !== undefined && (o < p.committed || p.replayed.has(o)),
  }
}

function headersForJson(hs: IHeaders): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const k of Object.keys(hs)) out[k] = header(hs, k) ?? null
  return out
}

/** Scans with a throwaway group, deleted afterwards. */
async function scan(kafka: Kafka, admin: Admin, topic: string, ranges: Map<number, { from: bigint; to: bigint }>, what: string): Promise<RawRecord[]> {
  const groupId = newScanGroup(what)
  const reader = await readRanges(kafka, { topic, groupId, ranges })
  try {
    return reader.records
  } finally {
    await reader.close()
    if (reader.consumer) await deleteGroup(admin, groupId)
  }
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parse('dlq list', args, { limit: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'the topic (e.g. order-topic)' })
  const limit = positiveInt('dlq list', 'limit', str(values.limit), 50)
  const kafka = await openKafka()
  return withAdmin(kafka, async (admin) => {
    const base = await resolveDlqTopic(admin, positionals[0]!)
    const dlq = dlqTopic(base)
    const wm = await topicOffsets(admin, dlq)
    const depth = wm.reduce((s, w) => s + Number(BigInt(w.high) - BigInt(w.low)), 0)
    const ranges = new Map(wm.map((w) => {
      const low = BigInt(w.low)
      const high = BigInt(w.high)
      const from = high - BigInt(limit) > low ? high - BigInt(limit) : low
      return [w.partition, { from, to: high }] as const
    }))
    const progress = await replayProgress(admin, base)
    const raw = await scan(kafka, admin, dlq, ranges, 'dlq-list')
    const all = raw.map((r) => ({ raw: r, rec: describe(r, base, progress) }))
    all.sort((a, b) => Number(a.raw.timestamp) - Number(b.raw.timestamp) || a.rec.partition - b.rec.partition || (BigInt(a.rec.offset) < BigInt(b.rec.offset) ? -1 : 1))
    const shown = all.slice(Math.max(0, all.length - limit))
    if (values.json === true) {
      printJson({
        topic: base,
        dlqTopic: dlq,
        depth,
        shown: shown.length,
        records: shown.map(({ raw, rec }) => ({ ...rec, headers: headersForJson(raw.headers), value: raw.value ? raw.value.toString('utf8') : null })),
      })
      return EXIT_OK
    }
    if (depth === 0) {
      console.log(green(`${dlq} is empty`))
      return EXIT_OK
    }
    console.log(
      table(
        ['p/offset', 'key', 'event type', 'event id', 'error', 'att', 'consumer', 'original p/offset', 'age', 'replayed'],
        shown.map(({ rec }) => [
          `${rec.partition}/${rec.offset}`,
          clip(rec.key, 40),
          rec.eventType ?? '-',
          rec.eventId ?? '-',
          clip(rec.error, 60),
          rec.attempts === null ? '-' : String(rec.attempts),
          rec.consumer ?? '-',
          `${rec.originalPartition ?? '-'}/${rec.originalOffset ?? '-'}`,
          rec.ageMs === null ? '-' : age(rec.ageMs),
          rec.replayed ? 'yes' : yellow('no'),
        ]),
        ['left', 'left', 'left', 'left', 'left', 'right', 'left', 'right', 'right', 'left'],
      ),
    )
    const notReplayed = all.filter((x) => !x.rec.replayed).length
    console.log(
      `\n${dlq}: ${depth} record(s)${shown.length < depth ? `, showing the newest ${shown.length} (--limit N)` : ''}` +
        (notReplayed > 0 ? `; replay with \`pnpm ops dlq replay ${base}\` (or --id <eventId>)` : ''),
    )
    if (shown.length < depth) console.log(dim('full error text and values: --json'))
    return EXIT_OK
  })
}

const METADATA_MAX = 3500 // the broker's offset.metadata.max.bytes defaults to 4096

async function replay(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    'dlq replay',
    args,
    { id: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: 'the topic (e.g. order-topic)' },
  )
  const id = str(values.id)
  if (id !== undefined && id.trim() === '') throw new UsageError('dlq replay: --id needs an event id')
  const dryRun = values['dry-run'] === true
  const json = values.json === true
  const kafka = await openKafka()
  return withAdmin(kafka, async (admin) => {
    const base = await resolveDlqTopic(admin, positionals[0]!)
    const dlq = dlqTopic(base)
    const group = replayGroupOf(base)
    const described = await admin.describeGroups([group])
    const members = described.groups[0]?.members.length ?? 0
    if (members > 0) throw new OpsError(`another \`dlq replay ${base}\` is running (group ${group} has ${members} member(s))`, 'wait for it to finish, then run this again')

    const wm = await topicOffsets(admin, dlq)
    const progress = await replayProgress(admin, base)
    const startOf = (p: number, low: bigint) => {
      const c = progress.get(p)?.committed
      return c !== undefined && c > low ? c : low
    }
    const ranges = new Map(
      wm.map((w) => {
        const low = BigInt(w.low)
        return [w.partition, { from: id !== undefined ? low : startOf(w.partition, low), to: BigInt(w.high) }] as const
      }),
    )
    // the replay group reads (so it can commit its progress with metadata); a dry run reads with a throwaway one
    const reader = dryRun
      ? { records: await scan(kafka, admin, dlq, ranges, 'dlq-replay-dry-run'), consumer: null, close: async () => undefined }
      : await readRanges(kafka, { topic: dlq, groupId: group, ranges })
    try {
      const candidates = id !== undefined ? reader.records.filter((r) => header(r.headers, 'id') === id) : reader.records
      if (id !== undefined && candidates.length === 0) throw new OpsError(`no record with id ${id} in ${dlq}`, `list them with \`pnpm ops dlq list ${base}\``)
      const todo: RawRecord[] = []
      const skipped: RawRecord[] = []
      for (const r of candidates) (describe(r, base, progress).replayed ? skipped : todo).push(r)

      // where each record goes; every original topic must exist (no auto-creation of a mistyped topic)
      const target = (r: RawRecord) => header(r.headers, 'dlq-original-topic') ?? base
      const existing = new Set(await admin.listTopics())
      const missing = [...new Set(todo.map(target))].filter((t) => !existing.has(t))
      if (missing.length > 0) throw new OpsError(`original topic(s) ${missing.join(', ')} do not exist; nothing was replayed`, 'create the topic or check the dlq-original-topic header (`pnpm ops dlq list --json`)')

      // the progress to commit per partition
      const commits = new Map<number, { offset: bigint; replayed: Set<bigint> }>()
      for (const w of wm) {
        const r = ranges.get(w.partition)!
        const p = progress.get(w.partition)
        if (id === undefined && r.to > r.from) commits.set(w.partition, { offset: r.to, replayed: new Set([...(p?.replayed ?? [])].filter((o) => o >= r.to)) })
      }
      if (id !== undefined) {
        for (const rec of todo) {
          const w = wm.find((x) => x.partition === rec.partition)!
          const cur = commits.get(rec.partition) ?? { offset: startOf(rec.partition, BigInt(w.low)), replayed: new Set(progress.get(rec.partition)?.replayed ?? []) }
          cur.replayed.add(BigInt(rec.offset))
          while (cur.replayed.has(cur.offset)) cur.replayed.delete(cur.offset++)
          for (const o of cur.replayed) if (o < cur.offset) cur.replayed.delete(o)
          commits.set(rec.partition, cur)
        }
        for (const [p, c] of commits) {
          if ((encodeReplayed(c.replayed) ?? '').length > METADATA_MAX)
            throw new OpsError(`too many records replayed one by one on ${dlq} partition ${p} to track`, `replay the rest in one go: \`pnpm ops dlq replay ${base}\``)
        }
      }

      const rows = todo.map((r) => ({
        dlqPartition: r.partition,
        dlqOffset: r.offset,
        key: r.key ? r.key.toString('utf8') : null,
        eventType: header(r.headers, 'eventType') ?? null,
        eventId: header(r.headers, 'id') ?? null,
        originalTopic: target(r),
      }))

      if (!dryRun && (todo.length > 0 || commits.size > 0)) {
        const producer = outbox().createProducer(kafka)
        await producer.connect()
        try {
          const byPartition = new Map<number, RawRecord[]>()
          for (const r of todo) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r])
          for (const [p, c] of [...commits].sort((a, b) => a[0] - b[0])) {
            const recs = byPartition.get(p) ?? []
            for (let i = 0; i < recs.length; i += 500) {
              const chunk = recs.slice(i, i + 500)
              // in DLQ order; one send per original topic keeps each topic's order
              const topics = [...new Set(chunk.map(target))]
              await producer.sendBatch({
                acks: -1,
                topicMessages: topics.map((t) => ({
                  topic: t,
                  messages: chunk.filter((r) => target(r) === t).map((r) => ({ key: r.key, value: r.value, headers: originalHeaders(r.headers) })),
                })),
              })
            }
            await reader.consumer!.commitOffsets([{ topic: dlq, partition: p, offset: c.offset.toString(), metadata: encodeReplayed(c.replayed) }])
          }
        } catch (err) {
          throw new OpsError(`replay failed: ${(err as Error).message}`, 'records produced before the failure were recorded; run the same command again to continue')
        } finally {
          await producer.disconnect().catch(() => undefined)
        }
      }

      if (json) {
        printJson({
          topic: base,
          dlqTopic: dlq,
          dryRun,
          ...(id !== undefined ? { id } : {}),
          replayed: rows,
          skipped: skipped.map((r) => ({ dlqPartition: r.partition, dlqOffset: r.offset, eventId: header(r.headers, 'id') ?? null, reason: 'already replayed' })),
        })
        return EXIT_OK
      }
      const verb = dryRun ? 'would replay' : 'replayed'
      if (rows.length > 0)
        console.log(
          table(
            ['dlq p/offset', 'key', 'event type', 'event id', '→ topic'],
            rows.map((r) => [`${r.dlqPartition}/${r.dlqOffset}`, clip(r.key, 40), r.eventType ?? '-', r.eventId ?? '-', r.originalTopic]),
          ) + '\n',
        )
      if (skipped.length > 0) console.log(dim(`skipped ${skipped.length} record(s) already replayed: ${skipped.map((r) => `${r.partition}/${r.offset}`).join(', ')}`))
      if (rows.length === 0) console.log(green(`nothing to replay: ${id !== undefined ? `the record with id ${id} was` : `every record in ${dlq} was`} replayed already`))
      else console.log(green(`${dryRun ? '(dry run) ' : '✓ '}${verb} ${rows.length} record(s) from ${dlq} to ${[...new Set(rows.map((r) => r.originalTopic))].join(', ')}`))
      return EXIT_OK
    } finally {
      await reader.close()
    }
  })
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(HELP)
    return sub === undefined ? 2 : EXIT_OK
  }
  if (sub === 'list') {
    if (wantsHelp(rest)) return console.log(`usage: ${LIST_HELP}`), EXIT_OK
    return list(rest)
  }
  if (sub === 'replay') {
    if (wantsHelp(rest)) return console.log(`usage: ${REPLAY_HELP}`), EXIT_OK
    return replay(rest)
  }
  throw new UsageError(`dlq: unknown subcommand ${JSON.stringify(sub)}`, 'pnpm ops dlq list <topic> | replay <topic> [--id <eventId>]')
}

/** pnpm ops trace <id> [--json] [--limit N] [--deadline s] */
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, parse, positiveInt, printJson, str } from '../cli.ts'
import { deleteGroup, header, newScanGroup, openKafka, readRanges, topicOffsets, withAdmin } from '../kafka.ts'
import { bold, dim, green, heading, red, table, yellow } from '../tables.ts'
import { openStackSource } from '../source.ts'
import type { DeadLetterLookup, Saga } from '../trace/timeline.ts'

export const HELP = `usage: pnpm ops trace <id> [--json] [--limit N] [--deadline s]

The timeline of the saga(s) an id belongs to, across every service, in time order. <id> is a
reservationId, orderId, paymentId, userId (their newest --limit sagas, default 10) or a W3C trace id
(32 hex digits, the traceId of the services' logs).

For each saga: its current states, then every event appended (time, producing service, type, key) and
under it each consumer's outcome (applied / ignored with its reason / dead-lettered with the error /
pending) with the hop latency from append to that consumer's commit. A saga that is not terminal says
where it is stuck: a consumer that has not applied an event past --deadline (default 30 s), a step whose
consumer applied its event but never appended the next one, a hold past its expiry never expired.
Works after outbox retention: retention moves outbox and processed_event rows to the event journal.

Exit code: 0 found (every saga terminal or in flight within the deadline); 1 a saga is stuck, or the
id matches nothing; 2 usage error.`

/** Dead letters of these events (read from their DLQ topics, only the ones that hold records). */
const deadLetters: DeadLetterLookup = async (events) => {
  const out = new Map<string, { consumer: string; error: string; at: string }>()
  const wanted = new Set(events.map((e) => e.id))
  const topics = [...new Set(events.map((e) => `${e.topic}.dlq`))]
  try {
    const kafka = await openKafka()
    await withAdmin(kafka, async (admin) => {
      const existing = new Set(await admin.listTopics())
      for (const topic of topics.filter((t) => existing.has(t))) {
        const ranges = new Map((await topicOffsets(admin, topic)).map((o) => [o.partition, { from: BigInt(o.low), to: BigInt(o.high) }]))
        if (![...ranges.values()].some((r) => r.to > r.from)) continue
        const groupId = newScanGroup('trace')
        const reader = await readRanges(kafka, { topic, groupId, ranges, timeoutMs: 20_000 })
        try {
          for (const rec of reader.records) {
            const id = header(rec.headers, 'id')
            if (id && wanted.has(id)) out.set(id, { consumer: header(rec.headers, 'dlq-consumer') ?? '', error: header(rec.headers, 'dlq-error') ?? '', at: header(rec.headers, 'dlq-failed-at') ?? '' })
          }
        } finally {
          await reader.close()
          await deleteGroup(admin, groupId)
        }
      }
    })
  } catch {
    // Kafka away: the trace still shows what the databases know (the event is "pending")
  }
  return out
}

const time = (iso: string) => iso.replace('T', ' ').replace('Z', '')
const ms = (n: number | undefined) => (n === undefined ? '' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(2)} s`)
const short = (id: string) => id.slice(0, 8)
/** UUIDv7 ids share their time prefix: the tail tells events apart */
const tail = (id: string) => id.slice(-12)

export function render(query: string, kind: string, sagas: Saga[]): string {
  const out: string[] = []
  for (const s of sagas) {
    const pays = s.state.payments.map((p) => `${p.id} ${p.status}`).join(', ') || 'none'
    out.push(heading(`saga of reservation ${s.reservationId}`))
    out.push(`order ${s.orderId} · user ${s.userId}`)
    out.push(`now: reservation ${bold(s.state.reservation)} · order ${bold(s.state.order)} · payment(s) ${pays}`)
    const rows: string[][] = []
    for (const e of s.events) {
      rows.push([time(e.at), e.service, bold(e.type), `${short(e.key)}…`, dim(`…${tail(e.id)}${e.from === 'journal' ? ' (journal)' : ''}`), ''])
      for (const c of [...e.consumers].sort((a, b) => (a.at ?? '~').localeCompare(b.at ?? '~'))) {
        const what =
          c.outcome === 'applied' ? green('applied')
          : c.outcome === 'ignored' ? yellow(`ignored: ${c.reason ?? ''}`)
          : c.outcome === 'dead-lettered' ? red(`dead-lettered: ${(c.reason ?? '').split('\n')[0]}`)
          : red('not applied yet')
        rows.push([c.at ? time(c.at) : '', `  → ${c.consumer}`, what, '', '', ms(c.latencyMs)])
      }
    }
    out.push(table(['time (UTC)', 'service', 'event / outcome', 'key', 'event id', 'hop'], rows, ['left', 'left', 'left', 'left', 'left', 'right']))
    if (s.terminal) out.push(green(`✓ terminal: ${s.state.reservation} / ${s.state.order}`))
    else if (s.stuck.length) for (const x of s.stuck) out.push(red(`✗ stuck: ${x}`))
    else out.push(yellow('… in flight (no step past its deadline)'))
    out.push('')
  }
  if (!sagas.length) out.push(red(`✗ ${query} matches no reservation, order, payment, user or trace`))
  else out.push(dim(`${query}: ${kind}, ${sagas.length} saga(s)`))
  return out.join('\n')
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse('trace', args, { json: { type: 'boolean' }, limit: { type: 'string' }, deadline: { type: 'string' } }, { min: 1, max: 1, names: '<id>' })
  const id = positionals[0]!.trim()
  if (!/^[0-9a-f-]{32,36}$/i.test(id)) {
    console.error(red(`✗ trace: ${JSON.stringify(id)} is not an id (a UUID or a 32-hex-digit trace id)`))
    return EXIT_USAGE
  }
  const limit = positiveInt('trace', 'limit', str(values.limit), 10)
  const deadlineMs = positiveInt('trace', 'deadline', str(values.deadline), 30) * 1000
  const { resolve, timeline } = await import('../trace/timeline.ts')
  const src = await openStackSource()
  try {
    const found = await resolve(src, id, limit)
    const sagas: Saga[] = []
    for (const ref of found.sagas) sagas.push(await timeline(src, ref, deadLetters, { deadlineMs }))
    if (values.json === true) printJson({ query: id, kind: found.kind, sagas })
    else console.log(render(id, found.kind, sagas))
    return sagas.length && sagas.every((s) => s.stuck.length === 0) ? EXIT_OK : EXIT_FAIL
  } finally {
    await src.close()
  }
}

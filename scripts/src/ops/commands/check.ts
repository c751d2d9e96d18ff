/** pnpm ops check [--json] [--watch [seconds]] [--deadline s] [--recheck s] */
import { EXIT_FAIL, EXIT_OK, parse, positiveInt, printJson, str, UsageError } from '../cli.ts'
import { dlqDepths, openKafka, withAdmin } from '../kafka.ts'
import { bold, dim, green, heading, red, table } from '../tables.ts'
import { openStackSource } from '../source.ts'
import type { CheckScope, Violation } from '../invariants/check.ts'

export const HELP = `usage: pnpm ops check [--json] [--watch [seconds]] [--deadline s] [--recheck s] [--schedule id]… [--user id]… [--since time]

The SPEC §7 invariants against the live system, read-only (the same checks the e2e suite asserts):
  seats         no seat HELD or SOLD for two reservations; concert's seats agree with order's holds
  sold          SOLD ⇔ one CONFIRMED reservation ⇔ one PAID order ⇔ one COMPLETED payment
  refunds       a REFUNDED order has one REFUNDED payment (points back, seats AVAILABLE: points, seats)
  points        charges − uses + refunds = balance ≥ 0 per user; a payment keeps its order's amount or 0
  availability  seat_availability totals = the seat rows
  caches        Redis = MySQL: seat maps, balances, rating summaries, order's hold boards
  events        every outbox event applied by each of its consumers (processed_event)
  reservations  no saga stuck: PENDING, PAYMENT_PROCESSING, REQUESTED, REFUND_REQUESTED past the deadline
  dlq           every DLQ empty (records not replayed by \`pnpm ops dlq replay\`)

Safe under load: a state a saga passes through counts only once its rows are older than --deadline,
and every violation found is checked again --recheck seconds later; only those still there are reported.

Options:
  --json              one JSON document {ok, violations: [{check, message, at?}]} (NDJSON with --watch)
  --watch [seconds]   run again every N seconds (default 10) until Ctrl-C
  --deadline s        how long a saga may stay between two steps (default 30)
  --recheck s         wait before confirming a violation (default 3; 0 = report at once)
  --schedule id, --user id   only these schedules' seats, holds, reservations, orders, payments and
                      these users' points (repeatable; both default to everything)
  --since time        only outbox events appended since (ISO 8601); default every retained event

Exit code: 0 every invariant holds; 1 a violation (each printed with its ids), or the stack unreachable.`

export interface CheckReport {
  at: string
  ok: boolean
  violations: Violation[]
}

async function deadLetters(): Promise<Violation[]> {
  try {
    const kafka = await openKafka()
    const depths = await withAdmin(kafka, (admin) => dlqDepths(admin))
    return depths.filter((d) => d.notReplayed > 0).map((d) => ({ check: 'dlq' as const, message: `${d.notReplayed} dead letter(s) not replayed on ${d.dlqTopic} (pnpm ops dlq list ${d.topic})` }))
  } catch (err) {
    return [{ check: 'dlq', message: `DLQs not checked: ${(err as Error).message}` }]
  }
}

/** One check: violations found twice, `recheckMs` apart (the second run's form is reported). */
export async function collect(opts: { deadlineMs: number; recheckMs: number; scope?: CheckScope; since?: Date }): Promise<CheckReport> {
  const { findViolations } = await import('../invariants/check.ts')
  const src = await openStackSource()
  try {
    const once = async () => [...(await findViolations(src, opts.scope ?? 'all', { deadlineMs: opts.deadlineMs, ...(opts.since ? { since: opts.since } : {}) })), ...(await deadLetters())]
    let violations = await once()
    if (violations.length && opts.recheckMs > 0) {
      const first = new Set(violations.map((v) => v.message))
      await new Promise((res) => setTimeout(res, opts.recheckMs))
      violations = (await once()).filter((v) => first.has(v.message))
    }
    return { at: new Date().toISOString(), ok: violations.length === 0, violations }
  } finally {
    await src.close()
  }
}

export function render(r: CheckReport): string {
  if (r.ok) return green(bold('✓ every invariant holds')) + dim(` (${r.at})`)
  const out = [heading(`Violations (${r.violations.length})`)]
  out.push(table(['invariant', 'violation'], r.violations.map((v) => [v.check, v.message])))
  out.push('', red(bold(`✗ ${r.violations.length} violation(s)`)) + dim(` (${r.at})`))
  return out.join('\n')
}

export async function run(args: string[]): Promise<number> {
  const norm: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--watch') norm.push(`--watch=${/^\d+$/.test(args[i + 1] ?? '') ? args[++i] : '10'}`)
    else norm.push(a)
  }
  const { values } = parse('check', norm, { json: { type: 'boolean' }, watch: { type: 'string' }, deadline: { type: 'string' }, recheck: { type: 'string' }, schedule: { type: 'string', multiple: true }, user: { type: 'string', multiple: true }, since: { type: 'string' } }, { min: 0, max: 0, names: '' })
  const json = values.json === true
  const deadlineMs = positiveInt('check', 'deadline', str(values.deadline), 30) * 1000
  const recheck = str(values.recheck)
  if (recheck !== undefined && !/^\d+$/.test(recheck)) throw new UsageError(`check: --recheck must be a whole number of seconds (got ${JSON.stringify(recheck)})`)
  const recheckMs = Number(recheck ?? 3) * 1000
  const schedules = (values.schedule as unknown as string[] | undefined) ?? []
  const users = (values.user as unknown as string[] | undefined) ?? []
  const scope: CheckScope = schedules.length || users.length ? { schedules, users } : 'all'
  const sinceArg = str(values.since)
  const since = sinceArg === undefined ? undefined : new Date(sinceArg)
  if (since && Number.isNaN(since.getTime())) throw new UsageError(`check: --since must be an ISO 8601 time (got ${JSON.stringify(sinceArg)})`)
  const watch = str(values.watch)
  const once = async () => {
    const r = await collect({ deadlineMs, recheckMs, scope, ...(since ? { since } : {}) })
    if (json) printJson(r)
    else console.log(render(r))
    return r.ok ? EXIT_OK : EXIT_FAIL
  }
  if (watch === undefined) return once()
  const every = positiveInt('check', 'watch', watch, 10)
  let last = EXIT_OK
  let stop = false
  process.once('SIGINT', () => {
    stop = true
  })
  while (!stop) {
    if (!json && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H')
    last = await once()
    if (!json) console.log(dim(`checking every ${every}s — Ctrl-C to stop`))
    for (let waited = 0; waited < every * 1000 && !stop; waited += 100) await new Promise((res) => setTimeout(res, 100))
  }
  return last
}

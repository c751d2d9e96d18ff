/** pnpm ops status [--json] [--watch [seconds]] [--all] */
import { COMPONENTS } from '../../stack.ts'
import { EXIT_FAIL, EXIT_OK, parse, positiveInt, printJson, settings, str, UsageError } from '../cli.ts'
import { connectorStates, reachConnect, type ConnectorState } from '../connect.ts'
import { serviceHealth, type ServiceHealth } from '../health.ts'
import { consumerLag, dlqDepths, openKafka, withAdmin, type DlqDepth, type GroupTopicLag } from '../kafka.ts'
import { bold, clip, dim, green, heading, red, state, table, yellow } from '../tables.ts'

export const HELP = `usage: pnpm ops status [--json] [--watch [seconds]] [--all]

The whole system at a glance:
  components   MariaDB, Redis, Kafka, Kafka Connect of the local stack (pid, port, state)
  connectors   every Kafka Connect connector and task (first line of the trace when FAILED)
  consumer lag per consumer group and topic (committed offsets vs high watermarks, summed over
               partitions); groups with no active member are flagged, and a group whose service
               is running but which is not consuming (no member, or the service's readiness says
               so) is named as a problem
  DLQ          records in each <topic>.dlq, and how many of them \`pnpm ops dlq replay\` has not replayed
  services     GET /health/ready of the gateway (:3000) and the services (:3001-3005); "not running" is fine

Options:
  --json              one JSON document (with --watch: one per refresh, NDJSON)
  --watch [seconds]   refresh every N seconds (default 5) until Ctrl-C
  --all               also consumer groups and DLQ topics outside the platform's topics (tests, tools)

Exit code: 0 healthy (warnings allowed: a DLQ with records not replayed, consumer groups without
members, a degraded service); 1 unhealthy (a component down, Kafka or Connect unreachable, a connector or
task not RUNNING or missing, a running service not ready, a running service's consumer group not
consuming); 2 usage error.`

export interface ComponentRow {
  name: string
  pid: number | null
  port: number
  state: string
}

export interface StatusReport {
  at: string
  healthy: boolean
  problems: string[]
  warnings: string[]
  components: ComponentRow[]
  connect: { url: string; reachable: boolean; error?: string }
  connectors: ConnectorState[]
  kafka: { brokers: string[]; reachable: boolean; error?: string }
  lag: Array<Omit<GroupTopicLag, 'partitions'> & { partitions: number; noActiveMembers: boolean; notConsuming: boolean }>
  dlq: DlqDepth[]
  services: ServiceHealth[]
}

async function components(): Promise<ComponentRow[]> {
  return Promise.all(
    COMPONENTS.map(async (c) => {
      const pid = c.pid()
      const open = await c.portUp()
      const st = pid !== null ? (open ? 'up' : 'starting') : open ? 'port taken by another process' : 'down'
      return { name: c.name, pid, port: c.port, state: st }
    }),
  )
}

const msg = (err: unknown) => (err instanceof Error ? err.message : String(err))

/**
 * The consumer groups whose service is running but which are not consuming (group id `<service>.<topic>`):
 * a group with no active member while its service answers and claims its consumers are up (or says
 * they are down) is a problem; one whose service is still joining (readiness check `kafka` degraded,
 * within its grace period) is a warning. A service that reports a group down (check `consumers`) names
 * it itself, in the service's own problem line.
 */
export function consumerVerdicts(lag: Pick<GroupTopicLag, 'group' | 'members'>[], services: ServiceHealth[]) {
  const problems: string[] = []
  const warnings: string[] = []
  const notConsuming = new Set<string>()
  const explained = new Set<string>()
  for (const group of [...new Set(lag.filter((l) => l.members === 0).map((l) => l.group))]) {
    const svc = services.find((s) => s.name === group.split('.')[0])
    if (!svc || svc.state === 'not running' || !svc.checks) continue
    explained.add(group)
    const { kafka, consumers } = svc.checks
    if (kafka?.status === 'degraded' && consumers?.status !== 'down') {
      warnings.push(`consumer group ${group} has no active member yet: ${svc.name} is joining (${kafka.detail ?? 'rebalancing'})`)
      continue
    }
    notConsuming.add(group)
    problems.push(`consumer group ${group} is not consuming: no active member while ${svc.name} (:${svc.port}) is running — \`pnpm ops lag --group ${group}\`; restart ${svc.name} if it does not rejoin`)
  }
  for (const svc of services) {
    if (svc.checks?.['consumers']?.status === 'down') for (const l of lag) if (l.group.startsWith(`${svc.name}.`) && svc.checks['consumers']!.detail?.includes(l.group)) notConsuming.add(l.group)
  }
  return { problems, warnings, notConsuming, explained }
}

export async function collect(opts: { all?: boolean } = {}): Promise<StatusReport> {
  const { brokers, connectUrl } = settings()
  const problems: string[] = []
  const warnings: string[] = []
  const [comps, conn, kafka, services] = await Promise.all([
    components(),
    reachConnect(connectorStates).then(
      (connectors) => ({ reachable: true as const, connectors }),
      (err: unknown) => ({ reachable: false as const, error: msg(err), connectors: [] as ConnectorState[] }),
    ),
    openKafka()
      .then((k) => withAdmin(k, async (admin) => ({ lag: await consumerLag(admin, opts), dlq: await dlqDepths(admin, opts) })))
      .then(
        (r) => ({ reachable: true as const, ...r }),
        (err: unknown) => ({ reachable: false as const, error: msg(err), lag: [] as GroupTopicLag[], dlq: [] as DlqDepth[] }),
      ),
    serviceHealth(),
  ])

  for (const c of comps) if (c.state !== 'up') problems.push(`${c.name} is ${c.state} (port ${c.port})`)
  if (!conn.reachable) problems.push(`Kafka Connect: ${conn.error}`)
  for (const c of conn.connectors) {
    if (c.healthy) continue
    const bad = c.tasks.filter((t) => t.state !== 'RUNNING').map((t) => `task ${t.id} ${t.state}`)
    const what = c.state !== 'RUNNING' ? `connector ${c.name} is ${c.state}` : `connector ${c.name}: ${bad.join(', ') || 'no tasks'}`
    const err = c.error ?? c.tasks.find((t) => t.error)?.error
    problems.push(`${what}${err ? ` — ${err}` : ''}`)
  }
  if (!kafka.reachable) problems.push(`Kafka: ${kafka.error}`)
  for (const s of services) {
    if (s.unhealthy) problems.push(`${s.name} (:${s.port}) is ${s.state}${s.detail ? ` — ${s.detail}` : ''}`)
    else if (s.state === 'degraded') warnings.push(`${s.name} (:${s.port}) is degraded — ${s.detail ?? ''}`)
  }
  for (const d of kafka.dlq)
    if (d.notReplayed > 0) warnings.push(`${d.dlqTopic} holds ${d.notReplayed} record(s) not replayed — \`pnpm ops dlq list ${d.topic}\``)
  const consumers = consumerVerdicts(kafka.lag, services)
  problems.push(...consumers.problems)
  warnings.push(...consumers.warnings)
  const idle = [...new Set(kafka.lag.filter((l) => l.members === 0 && !consumers.explained.has(l.group)).map((l) => l.group))]
  if (idle.length > 0) {
    const behind = [...new Set(kafka.lag.filter((l) => l.members === 0 && l.lag > 0).map((l) => l.group))]
    warnings.push(
      `${idle.length} consumer group(s) with no active members (services not running?)` +
        (behind.length > 0 ? `, ${behind.length} of them behind: ${behind.slice(0, 6).join(', ')}${behind.length > 6 ? ', …' : ''} — \`pnpm ops lag\`` : ''),
    )
  }

  return {
    at: new Date().toISOString(),
    healthy: problems.length === 0,
    problems,
    warnings,
    components: comps,
    connect: { url: connectUrl, reachable: conn.reachable, ...(conn.reachable ? {} : { error: conn.error }) },
    connectors: conn.connectors,
    kafka: { brokers, reachable: kafka.reachable, ...(kafka.reachable ? {} : { error: kafka.error }) },
    lag: kafka.lag.map((l) => ({
      group: l.group, topic: l.topic, state: l.state, members: l.members, lag: l.lag, partitions: l.partitions.length,
      noActiveMembers: l.members === 0, notConsuming: consumers.notConsuming.has(l.group),
    })),
    dlq: kafka.dlq,
    services,
  }
}

export function render(r: StatusReport): string {
  const out: string[] = []
  out.push(heading('Components'))
  out.push(table(['component', 'state', 'pid', 'port'], r.components.map((c) => [c.name, state(c.state), c.pid === null ? '-' : String(c.pid), String(c.port)]), ['left', 'left', 'right', 'right']))

  out.push('', heading(`Connectors (${r.connect.url})`))
  if (!r.connect.reachable) out.push(red(`unreachable: ${r.connect.error}`))
  else
    out.push(
      table(
        ['connector', 'state', 'tasks', 'error'],
        r.connectors.map((c) => [
          c.name,
          state(c.state),
          c.tasks.map((t) => `${t.id}:${state(t.state)}`).join(' ') || '-',
          clip(c.error ?? c.tasks.find((t) => t.error)?.error, 100),
        ]),
      ),
    )

  out.push('', heading('Consumer lag (per group and topic)'))
  if (!r.kafka.reachable) out.push(red(`Kafka unreachable: ${r.kafka.error}`))
  else if (r.lag.length === 0) out.push(dim('(no consumer group has committed offsets on the platform topics yet)'))
  else
    out.push(
      table(
        ['group', 'topic', 'lag', 'members', 'state'],
        r.lag.map((l) => [
          l.group,
          l.topic,
          l.lag > 0 ? yellow(String(l.lag)) : String(l.lag),
          l.notConsuming ? red(`${l.members} ✗ not consuming`) : l.noActiveMembers ? yellow('0 ⚠ no active members') : String(l.members),
          state(l.state),
        ]),
        ['left', 'left', 'right', 'left', 'left'],
      ),
    )

  out.push('', heading('Dead-letter topics'))
  if (!r.kafka.reachable) out.push(red(`Kafka unreachable: ${r.kafka.error}`))
  else
    out.push(
      table(
        ['dlq topic', 'depth', 'not replayed'],
        r.dlq.map((d) => [d.dlqTopic, String(d.depth), d.notReplayed > 0 ? yellow(String(d.notReplayed)) : String(d.notReplayed)]),
        ['left', 'right', 'right'],
      ),
    )

  out.push('', heading('Services (/health/ready)'))
  out.push(table(['service', 'port', 'state', 'detail'], r.services.map((s) => [s.name, String(s.port), state(s.state), clip(s.detail, 100)]), ['left', 'right', 'left', 'left']))
  if (r.services.every((s) => s.state === 'not running')) out.push(dim('(no service is running: `pnpm start` starts them)'))

  out.push('')
  for (const w of r.warnings) out.push(yellow(`! ${w}`))
  if (r.healthy) out.push(green(bold('✓ healthy')) + dim(` (${r.at})`))
  else {
    out.push(red(bold(`✗ unhealthy: ${r.problems.length} problem(s)`)) + dim(` (${r.at})`))
    for (const p of r.problems) out.push(red(`  - ${p}`))
  }
  return out.join('\n')
}

export async function run(args: string[]): Promise<number> {
  // --watch takes an optional number: `--watch`, `--watch 10`, `--watch=10`
  const norm: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--watch') norm.push(`--watch=${/^\d+$/.test(args[i + 1] ?? '') ? args[++i] : '5'}`)
    else norm.push(a)
  }
  const { values } = parse('status', norm, { json: { type: 'boolean' }, watch: { type: 'string' }, all: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
  const json = values.json === true
  const all = values.all === true
  const watch = str(values.watch)
  if (watch === undefined) {
    const r = await collect({ all })
    if (json) printJson(r)
    else console.log(render(r))
    return r.healthy ? EXIT_OK : EXIT_FAIL
  }
  const every = positiveInt('status', 'watch', watch, 5)
  if (every > 3600) throw new UsageError('status: --watch is at most 3600 seconds')
  let last = EXIT_OK
  let stop = false
  process.once('SIGINT', () => {
    stop = true
  })
  while (!stop) {
    const r = await collect({ all })
    last = r.healthy ? EXIT_OK : EXIT_FAIL
    if (json) printJson(r)
    else {
      if (process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H')
      console.log(`${render(r)}\n${dim(`refreshing every ${every}s — Ctrl-C to stop`)}`)
    }
    for (let waited = 0; waited < every * 1000 && !stop; waited += 100) await new Promise((res) => setTimeout(res, 100))
  }
  return last
}

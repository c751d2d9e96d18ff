/** pnpm ops lag [--group <g>] [--all] [--json] */
import { EXIT_OK, parse, printJson, str } from '../cli.ts'
import { consumerLag, openKafka, withAdmin } from '../kafka.ts'
import { dim, state, table, yellow } from '../tables.ts'

export const HELP = `usage: pnpm ops lag [--group <group>] [--all] [--json]

Consumer lag per partition: for each consumer group (service groups are <service>.<topic>) and each
topic it committed offsets on, the committed offset, the low and high watermarks and the lag
(high − committed; high − low when the group never committed on that partition, since it would start
from the beginning), plus the group's state and number of active members. Every group the services
define (outbox/src/subscriptions.ts) is listed, also one that never committed (state Dead when the
broker does not know it: its consumer never joined).

Options:
  --group <group>   only this group (exit 2 with the list of groups if it does not exist); shows
                    every topic it committed on, the platform's or not
  --all             also groups reading topics outside the platform's topics (tests, ops.dlq-replay.*)
  --json            JSON output

Exit code: 0 (lag is information, not failure; see \`pnpm ops status\`), 1 Kafka unreachable, 2 usage.`

export async function run(args: string[]): Promise<number> {
  const { values } = parse('lag', args, { group: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
  const group = str(values.group)
  const kafka = await openKafka()
  const rows = await withAdmin(kafka, (admin) => consumerLag(admin, { all: values.all === true, ...(group !== undefined ? { group } : {}) }))
  if (values.json === true) {
    printJson({ lag: rows })
    return EXIT_OK
  }
  if (rows.length === 0) {
    console.log(dim(group ? `group ${group} has no committed offsets` : 'no consumer group has committed offsets on the platform topics yet (--all to see every group)'))
    return EXIT_OK
  }
  const body: string[][] = []
  for (const r of rows) {
    for (const p of r.partitions)
      body.push([r.group, r.topic, String(p.partition), p.committed ?? '-', p.low, p.high, p.lag > 0 ? yellow(String(p.lag)) : String(p.lag), r.members === 0 ? yellow('0 ⚠') : String(r.members), state(r.state)])
    body.push([dim(r.group), dim(r.topic), dim('Σ'), '', '', '', r.lag > 0 ? yellow(String(r.lag)) : String(r.lag), '', ''])
  }
  console.log(table(['group', 'topic', 'partition', 'committed', 'low', 'high', 'lag', 'members', 'state'], body, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left', 'left']))
  const total = rows.reduce((s, r) => s + r.lag, 0)
  console.log(`\n${rows.length} group/topic pair(s), total lag ${total}`)
  return EXIT_OK
}

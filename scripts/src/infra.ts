/** pnpm infra up|down|status|reset — the local stack without Docker (see src/stack.ts). */
import { StackError, down, isUp, reset, status, up } from './stack.ts'

const USAGE = `usage: pnpm infra <command>

  up       start MariaDB, Redis, Kafka (KRaft) and Kafka Connect + Debezium; register the outbox connectors
           --monitoring  also start Prometheus on :9090 (Debian package) with debezium/prometheus.local.yml
           --unsafe-no-fsync  MariaDB without fsync at commit (faster; a machine crash loses ~1 s of
                         acknowledged commits). Durable by default; takes effect when MariaDB (re)starts
  down     stop what \`up\` started
  status   components, pids, ports, connector and task states (exit 1 unless everything is up)
  reset    down, then delete .data (keeps .data/logs) so the next \`up\` starts cold`

async function printStatus(): Promise<boolean> {
  const s = await status()
  const rows = [['component', 'pid', 'port', 'state'], ...s.components.map((c) => [c.name, c.pid === null ? '-' : String(c.pid), String(c.port), c.state])]
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(w[i]!)).join('  '))
  if (s.connectors.length > 0) {
    console.log('')
    const crow = [['connector', 'state', 'tasks'], ...s.connectors.map((c) => [c.name, c.state, c.tasks.map((t) => `${t.id}:${t.state}`).join(' ') || '-'])]
    const cw = crow[0]!.map((_, i) => Math.max(...crow.map((r) => r[i]!.length)))
    for (const r of crow) console.log(r.map((cell, i) => cell.padEnd(cw[i]!)).join('  '))
  }
  return isUp()
}

async function main(cmd: string | undefined): Promise<number> {
  switch (cmd) {
    case 'up':
      await up({ monitoring: process.argv.includes('--monitoring'), unsafeNoFsync: process.argv.includes('--unsafe-no-fsync') })
      return 0
    case 'down':
      await down()
      return 0
    case 'status':
      return (await printStatus()) ? 0 : 1
    case 'reset':
      await reset()
      return 0
    default:
      console.log(USAGE)
      return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof StackError) {
      console.error(`\n✗ ${err.message}`)
      if (err.fix) console.error(`  fix: ${err.fix}`)
    } else {
      console.error('\n✗ unexpected error:', err)
    }
    process.exit(1)
  },
)

/**
 * pnpm ops — the operations CLI (SPEC §9): status, connectors, consumer lag, DLQ list/replay.
 * Exit codes: 0 healthy / done, 1 unhealthy / action failed, 2 usage error. See src/ops/README.md.
 */
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, OpsError, UsageError, settings, STACK_FIX } from './ops/cli.ts'
import { red } from './ops/tables.ts'

const USAGE = `usage: pnpm ops <command> [options]      (pnpm ops <command> --help for details)

  status [--watch [s]] [--all]          components, connectors, consumer lag, DLQ depth, services' readiness
  connectors list                       connector and task states
  connectors restart <name>             restart a connector and its tasks, wait until RUNNING
  lag [--group <group>] [--all]         consumer lag per group, topic and partition
  dlq list <topic> [--limit N]          records in <topic>.dlq (error, attempts, consumer, age, …)
  dlq replay <topic> [--id <eventId>]   re-produce DLQ records to their original topic (once)
  check [--watch [s]]                   SPEC §7 invariants on the live system (read-only); exit 1 on a violation
  trace <id>                            a saga's timeline across services (reservation, order, payment, user or trace id)

Every command takes --json. Exit codes: 0 healthy/ok, 1 unhealthy or action failed, 2 usage error.
Kafka and Connect addresses come from KAFKA_BROKERS / CONNECT_URL, else .data/stack.env.`

interface Command {
  run: (args: string[]) => Promise<number>
  HELP: string
}
/** Loaded on demand: `pnpm ops connectors …` never loads the Kafka side, and the reverse. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  status: () => import('./ops/commands/status.ts'),
  connectors: () => import('./ops/commands/connectors.ts'),
  lag: () => import('./ops/commands/lag.ts'),
  dlq: () => import('./ops/commands/dlq.ts'),
  check: () => import('./ops/commands/check.ts'),
  trace: () => import('./ops/commands/trace.ts'),
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    const topic = cmd === 'help' ? args[0] : undefined
    const load = topic !== undefined ? COMMANDS[topic] : undefined
    console.log(load ? (await load()).HELP : USAGE)
    return cmd === undefined ? EXIT_USAGE : EXIT_OK
  }
  const load = COMMANDS[cmd]
  if (!load) throw new UsageError(`unknown command ${JSON.stringify(cmd)}`, `commands: ${Object.keys(COMMANDS).join(', ')} (pnpm ops --help)`)
  // status and lag have no subcommands: --help anywhere prints their help
  if ((cmd === 'status' || cmd === 'lag' || cmd === 'check' || cmd === 'trace') && (args.includes('--help') || args.includes('-h'))) {
    console.log((await load()).HELP)
    return EXIT_OK
  }
  if (!settings().stackEnv && !process.env.KAFKA_BROKERS && !process.env.CONNECT_URL && cmd !== 'status')
    throw new OpsError('the local stack has not been set up (.data/stack.env is missing)', STACK_FIX)
  return (await load()).run(args)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(red(`✗ ${err.message}`))
      if (err.hint) console.error(`  ${err.hint}`)
      process.exitCode = EXIT_USAGE
    } else if (err instanceof OpsError) {
      console.error(red(`✗ ${err.message}`))
      if (err.fix) console.error(`  fix: ${err.fix}`)
      process.exitCode = EXIT_FAIL
    } else {
      const e = err instanceof Error ? err : new Error(String(err))
      console.error(red(`✗ ${e.message}`))
      if (process.env.OPS_DEBUG) console.error(e.stack)
      else console.error('  (unexpected error; OPS_DEBUG=1 pnpm ops … prints the stack trace)')
      process.exitCode = EXIT_FAIL
    }
  },
).finally(() => {
  // kafkajs and fetch keep sockets and timers alive for a while; the answer is printed, leave now
  setTimeout(() => process.exit(), 50).unref()
})

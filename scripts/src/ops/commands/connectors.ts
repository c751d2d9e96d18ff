/** pnpm ops connectors list | restart <name> */
import { EXIT_FAIL, EXIT_OK, UsageError, parse, positiveInt, printJson, str, wantsHelp } from '../cli.ts'
import { connectorStates, reachConnect, requireConnector, restartAndWait, type ConnectorState } from '../connect.ts'
import { clip, green, red, state, table } from '../tables.ts'

export const HELP = `usage: pnpm ops connectors <list|restart> …

  pnpm ops connectors list [--json]
      every connector with its state, its tasks' states and worker, and the first line of the trace
      of anything FAILED. Exit 1 when a connector or task is not RUNNING (or an outbox connector is missing).

  pnpm ops connectors restart <name> [--timeout seconds] [--json]
      POST /connectors/<name>/restart?includeTasks=true&onlyFailed=false (connector and all its tasks),
      then waits until the connector and every task are RUNNING (default timeout 60 s) and prints the
      state. Exit 0 when RUNNING, 1 when it FAILED again or timed out, 2 for an unknown name (the list of
      names is printed). Restarting a Debezium connector is safe: it resumes from its stored offsets.`

const LIST_HELP = HELP.split('\n\n')[1]!.trim()
const RESTART_HELP = HELP.split('\n\n')[2]!.trim()

function render(rows: ConnectorState[]): string {
  return table(
    ['connector', 'state', 'tasks', 'worker', 'error'],
    rows.map((c) => [c.name, state(c.state), c.tasks.map((t) => `${t.id}:${state(t.state)}`).join(' ') || '-', c.worker ?? '-', clip(c.error ?? c.tasks.find((t) => t.error)?.error, 100)]),
  )
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(HELP)
    return sub === undefined ? 2 : EXIT_OK
  }
  if (sub === 'list') {
    if (wantsHelp(rest)) return console.log(`usage: ${LIST_HELP}`), EXIT_OK
    const { values } = parse('connectors list', rest, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
    const rows = await reachConnect(connectorStates)
    if (values.json === true) printJson({ connectors: rows })
    else console.log(render(rows))
    return rows.every((r) => r.healthy) ? EXIT_OK : EXIT_FAIL
  }
  if (sub === 'restart') {
    if (wantsHelp(rest)) return console.log(`usage: ${RESTART_HELP}`), EXIT_OK
    const { values, positionals } = parse('connectors restart', rest, { json: { type: 'boolean' }, timeout: { type: 'string' } }, { min: 1, max: 1, names: 'the connector name (`pnpm ops connectors list`)' })
    const name = positionals[0]!
    const timeoutS = positiveInt('connectors restart', 'timeout', str(values.timeout), 60)
    const json = values.json === true
    return reachConnect(async (c) => {
      await requireConnector(c, name)
      if (!json) console.log(`restarting ${name} (connector and all tasks)…`)
      const t0 = Date.now()
      const s = await restartAndWait(c, name, timeoutS * 1000, (st) => {
        if (!json) console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)}s  ${st.state}  tasks ${st.tasks.map((t) => `${t.id}:${t.state}`).join(' ') || '-'}`)
      })
      const ms = Date.now() - t0
      if (json) printJson({ connector: s, restarted: true, running: s.healthy, elapsedMs: ms })
      else {
        console.log(render([s]))
        if (s.healthy) console.log(green(`✓ ${name} RUNNING after ${(ms / 1000).toFixed(1)}s`))
        else {
          const err = s.error ?? s.tasks.find((t) => t.error)?.error
          console.log(red(`✗ ${name} is not RUNNING after ${(ms / 1000).toFixed(1)}s (${s.state})${err ? `: ${err}` : ''}`))
          console.log(`  fix: the full trace is in \`curl -s ${c.baseUrl}/connectors/${name}/status\` and .data/logs/connect.log`)
        }
      }
      return s.healthy ? EXIT_OK : EXIT_FAIL
    })
  }
  throw new UsageError(`connectors: unknown subcommand ${JSON.stringify(sub)}`, 'pnpm ops connectors list | restart <name>')
}

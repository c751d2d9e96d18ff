/** Kafka Connect side of `pnpm ops`: connector and task states (with the first trace line), restart. */
import { ConnectClient, ConnectError, type ConnectorStatus } from '@concert/outbox/connector'
import { SERVICES, connectorOf } from '../stack.ts'
import { OpsError, STACK_FIX, UsageError, settings } from './cli.ts'
import { firstLine } from './tables.ts'

export interface TaskState {
  id: number
  state: string
  worker?: string
  /** first line of the trace when FAILED */
  error?: string
}

export interface ConnectorState {
  name: string
  /** RUNNING, PAUSED, FAILED, UNASSIGNED, RESTARTING, STOPPED, or MISSING (an expected connector not registered) */
  state: string
  worker?: string
  error?: string
  tasks: TaskState[]
  healthy: boolean
}

/** The outbox connectors `pnpm infra up` registers: their absence is a problem. */
export const EXPECTED_CONNECTORS: string[] = SERVICES.map(connectorOf)

export const connectClient = () => new ConnectClient(settings().connectUrl)

/** Runs `fn`, turning "Connect is unreachable" into a one-line OpsError. */
export async function reachConnect<T>(fn: (c: ConnectClient) => Promise<T>): Promise<T> {
  const c = connectClient()
  try {
    return await fn(c)
  } catch (err) {
    if (err instanceof ConnectError && err.status === undefined) throw new OpsError(err.message, STACK_FIX)
    throw err
  }
}

export function toState(name: string, st: ConnectorStatus | null): ConnectorState {
  if (!st) return { name, state: 'MISSING', tasks: [], healthy: false, error: 'not registered: `pnpm infra up` registers the outbox connectors' }
  const tasks = st.tasks
    .map((t) => ({ id: t.id, state: t.state, ...(t.worker_id ? { worker: t.worker_id } : {}), ...(t.state === 'FAILED' ? { error: firstLine(t.trace) ?? '(no trace)' } : {}) }))
    .sort((a, b) => a.id - b.id)
  return {
    name,
    state: st.connector.state,
    ...(st.connector.worker_id ? { worker: st.connector.worker_id } : {}),
    ...(st.connector.state === 'FAILED' ? { error: firstLine(st.connector.trace) ?? '(no trace)' } : {}),
    tasks,
    healthy: st.connector.state === 'RUNNING' && tasks.length > 0 && tasks.every((t) => t.state === 'RUNNING'),
  }
}

/** Every registered connector plus the expected outbox connectors (MISSING when not registered). */
export async function connectorStates(c: ConnectClient): Promise<ConnectorState[]> {
  const names = [...new Set([...EXPECTED_CONNECTORS, ...(await c.list())])].sort()
  return Promise.all(names.map(async (name) => toState(name, await c.status(name))))
}

/** Checks `name` is a registered connector; else exit 2 with the list of names. */
export async function requireConnector(c: ConnectClient, name: string): Promise<void> {
  const names = await c.list()
  if (!names.includes(name)) throw new UsageError(`unknown connector ${JSON.stringify(name)}`, `connectors: ${names.join(', ') || '(none registered: run `pnpm infra up`)'}`)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * POST /connectors/<name>/restart?includeTasks=true&onlyFailed=false, then polls until the connector and
 * every task are RUNNING. A FAILED state only counts once the restart has been picked up (RESTARTING seen,
 * or 5 s passed), so the state from before the restart is not mistaken for the result.
 */
export async function restartAndWait(
  c: ConnectClient,
  name: string,
  timeoutMs: number,
  onChange: (s: ConnectorState) => void = () => undefined,
): Promise<ConnectorState> {
  const t0 = Date.now()
  await c.restart(name)
  let seenRestart = false
  let last = ''
  let s: ConnectorState = { name, state: 'UNKNOWN', tasks: [], healthy: false }
  for (;;) {
    s = toState(name, await c.status(name))
    const summary = `${s.state} ${s.tasks.map((t) => `${t.id}:${t.state}`).join(' ')}`
    if (summary !== last) {
      onChange(s)
      last = summary
    }
    const states = [s.state, ...s.tasks.map((t) => t.state)]
    if (states.some((x) => x === 'RESTARTING' || x === 'UNASSIGNED')) seenRestart = true
    if (s.healthy && (seenRestart || Date.now() - t0 > 1000)) return s
    if (states.includes('FAILED') && (seenRestart || Date.now() - t0 > 5000)) return s
    if (s.state === 'MISSING') return s
    if (Date.now() - t0 > timeoutMs) return s
    await sleep(250)
  }
}

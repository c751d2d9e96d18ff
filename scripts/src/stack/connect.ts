/**
 * Kafka Connect, distributed mode, one worker on 127.0.0.1:8083, with the Debezium plugins and the
 * Prometheus JMX exporter agent on :9404 (rules: debezium/jmx-exporter.yaml). Registers one outbox
 * connector per service database.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConnectClient, connectorConfig, type ConnectorStatus } from '@concert/outbox/connector'
import { CONNECT_HEAP, CONNECT_METRICS_PORT, CONNECT_PORT, HOST, KAFKA_BOOTSTRAP, MARIADB_PORT } from './config.ts'
import { DEBEZIUM_USER, type Secrets } from './env.ts'
import { CONNECT_DIR, DEBEZIUM_DIR, JMX_AGENT_JAR, PLUGINS_DIR } from './paths.ts'
import { ensurePortFree, livePid, portOpen, spawnDetached, stopProcess, tail } from './process.ts'
import { jvmArgs } from './java.ts'
import type { Tools } from './prereq.ts'
import { SERVICES, connectorOf, databaseOf, serverIdOf } from './services.ts'
import { StackError, info, ok, step, waitFor } from './ui.ts'

export const NAME = 'connect'
export const CONNECT_URL = `http://${HOST}:${CONNECT_PORT}`
const PROPS = join(CONNECT_DIR, 'connect-distributed.properties')
export const REQUIRED_CLASSES = ['io.debezium.connector.mariadb.MariaDbConnector', 'io.debezium.connector.mysql.MySqlConnector']

function writeConfig(): void {
  mkdirSync(CONNECT_DIR, { recursive: true })
  const base = readFileSync(join(DEBEZIUM_DIR, 'connect-distributed.properties'), 'utf8')
  // the file holds the default addresses; a stack on other ports (config.ts) gets its own
  const props = base
    .replace(/^plugin\.path=.*$/m, `plugin.path=${PLUGINS_DIR}`)
    .replace(/^bootstrap\.servers=.*$/m, `bootstrap.servers=${KAFKA_BOOTSTRAP}`)
    .replace(/^listeners=.*$/m, `listeners=http://${HOST}:${CONNECT_PORT}`)
    .replace(/^rest\.advertised\.port=.*$/m, `rest.advertised.port=${CONNECT_PORT}`)
  const current = existsSync(PROPS) ? readFileSync(PROPS, 'utf8') : ''
  if (current !== props) writeFileSync(PROPS, props)
}

export const alive = () => livePid(NAME, PROPS)
export const client = () => new ConnectClient(CONNECT_URL)

export async function healthy(): Promise<boolean> {
  try {
    const root = await fetch(`${CONNECT_URL}/`, { signal: AbortSignal.timeout(2000) })
    if (!root.ok) return false
    const plugins = await fetch(`${CONNECT_URL}/connector-plugins`, { signal: AbortSignal.timeout(5000) })
    if (!plugins.ok) return false
    const classes = ((await plugins.json()) as { class: string }[]).map((p) => p.class)
    return REQUIRED_CLASSES.every((c) => classes.includes(c))
  } catch {
    return false
  }
}

export async function start(tools: Tools): Promise<void> {
  step(`Kafka Connect on ${CONNECT_URL} (metrics :${CONNECT_METRICS_PORT})`)
  writeConfig()
  let pid = alive()
  if (pid === null) {
    await ensurePortFree('Kafka Connect', CONNECT_PORT)
    await ensurePortFree('JMX exporter', CONNECT_METRICS_PORT)
    const agent = `-javaagent:${JMX_AGENT_JAR}=${HOST}:${CONNECT_METRICS_PORT}:${join(DEBEZIUM_DIR, 'jmx-exporter.yaml')}`
    pid = spawnDetached(NAME, tools.java, [...jvmArgs(CONNECT_HEAP, [agent]), 'org.apache.kafka.connect.cli.ConnectDistributed', PROPS])
  }
  await waitFor('Kafka Connect REST and Debezium plugins', healthy, {
    timeoutMs: 120_000,
    intervalMs: 500,
    alive: () => (alive() === null ? new StackError(`Kafka Connect exited during start:\n${tail(NAME)}`, 'see .data/logs/connect.log') : null),
    onTimeout: async () => {
      const reachable = await portOpen(CONNECT_PORT)
      return new StackError(
        reachable
          ? `Kafka Connect is up but does not list ${REQUIRED_CLASSES.join(' and ')}`
          : `Kafka Connect did not answer within 120s:\n${tail(NAME)}`,
        reachable ? 'the plugins are missing: delete debezium/lib and debezium/plugins, then `pnpm infra up`' : 'see .data/logs/connect.log',
      )
    },
  })
  ok(`Kafka Connect ready (pid ${pid})`)
}

/** One `<service>-outbox` connector per service database, registered idempotently, waited on until RUNNING. */
export async function registerConnectors(s: Secrets): Promise<void> {
  step('outbox connectors')
  const c = client()
  await Promise.all(
    SERVICES.map(async (svc) => {
      const name = connectorOf(svc)
      const config = connectorConfig({
        name,
        database: databaseOf(svc),
        engine: 'mariadb',
        host: HOST,
        port: MARIADB_PORT,
        user: DEBEZIUM_USER,
        password: s.debeziumPassword,
        serverId: serverIdOf(svc),
        kafkaBootstrap: KAFKA_BOOTSTRAP,
      })
      Object.assign(config, experimentOverrides())
      let changed: boolean
      try {
        const before = await c.config(name)
        await c.put(name, config)
        changed = before === null || !sameConfig(before, { ...config, name })
      } catch (err) {
        throw new StackError(`connector ${name}: ${(err as Error).message}`, 'see .data/logs/connect.log; `pnpm infra status` shows connector states')
      }
      await ensureRunning(c, name, { fresh: changed, streaming: streamingConnected })
    }),
  )
  ok(`${SERVICES.map(connectorOf).join(', ')} RUNNING`)
}

const sameConfig = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => String(a[k]) === String(v))

/**
 * STACK_CONNECTOR_OVERRIDES='{"connect.keep.alive.interval.ms":"2000"}' tries connector settings on a
 * second stack (STACK_DATA_DIR) without editing debezium/connector.template.json, which the usual stack
 * in this same checkout reads too.
 */
function experimentOverrides(): Record<string, string> {
  const raw = process.env.STACK_CONNECTOR_OVERRIDES
  if (!raw) return {}
  try {
    return Object.fromEntries(Object.entries(JSON.parse(raw) as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
  } catch {
    throw new StackError('STACK_CONNECTOR_OVERRIDES is not a JSON object', `e.g. STACK_CONNECTOR_OVERRIDES='{"connect.keep.alive.interval.ms":"2000"}'`)
  }
}

const FAILED_RESTARTS = 4
const RUNNING_WITHIN_MS = 120_000
/** how long a task that has just (re)started must stay RUNNING to count as running */
const SETTLE_MS = 3_000

/**
 * Debezium's own view, from the worker's JMX exporter: its binlog client is connected (metric
 * debezium_metrics_connected{context="streaming"} = 1). null when the metrics cannot be read.
 * One scrape (~1 s on a busy machine) serves all connectors polling at the same moment.
 */
let scrape: { at: number; names: Promise<Set<string> | null> } | null = null
export async function streamingConnected(name: string): Promise<boolean | null> {
  if (!scrape || Date.now() - scrape.at > 500) {
    const names = fetch(`http://${HOST}:${CONNECT_METRICS_PORT}/metrics`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((text) => new Set([...text.matchAll(/^debezium_metrics_connected\{([^}]*)\} 1\.0$/gm)].filter((m) => m[1]!.includes('context="streaming"')).map((m) => /name="([^"]+)"/.exec(m[1]!)?.[1] ?? '')))
      .catch(() => null)
    scrape = { at: Date.now(), names }
  }
  const names = await scrape.names
  return names === null ? null : names.has(name)
}

const allRunning = (st: ConnectorStatus | null) =>
  st !== null && st.connector.state === 'RUNNING' && st.tasks.length > 0 && st.tasks.every((t) => t.state === 'RUNNING')

/**
 * Waits until the connector and all its tasks are RUNNING. A FAILED connector or task (e.g. "Unexpected
 * error while looking at GTID_BINLOG_POS" when MariaDB or the worker died while the task started) is
 * restarted with its failed tasks, a few times; it stays failed only if it fails again each time.
 *
 * A task shows RUNNING as soon as Debezium's start() returns; reading its offsets (GTID_BINLOG_POS), its
 * snapshot or its binlog connection can still fail it seconds later, and right after a config change the
 * status may still be the old one. So it counts as running once Debezium reports its binlog client
 * connected (`streaming`); where that is unknown, once it stayed RUNNING for `settleMs` if it was just
 * changed (`fresh`), restarted or seen not RUNNING.
 */
export async function ensureRunning(
  c: ConnectClient,
  name: string,
  opts: { restarts?: number; timeoutMs?: number; fresh?: boolean; settleMs?: number; streaming?: (name: string) => Promise<boolean | null> } = {},
): Promise<void> {
  const restarts = opts.restarts ?? FAILED_RESTARTS
  const timeoutMs = opts.timeoutMs ?? RUNNING_WITHIN_MS
  const deadline = Date.now() + timeoutMs
  const settleMs = opts.settleMs ?? SETTLE_MS
  // a changed connector's old task may still look RUNNING and connected for a moment
  const freshSettle = opts.fresh ? settleMs : 0
  let settle = freshSettle
  let okSince: number | null = null
  let restarted = 0
  let lastRestart = 0
  let last: ConnectorStatus | null = null
  const fix = 'see .data/logs/connect.log; `pnpm infra status` shows connector states'
  while (Date.now() < deadline) {
    last = await c.status(name).catch(() => null)
    const streaming = allRunning(last) && opts.streaming ? await opts.streaming(name) : null
    if (allRunning(last) && streaming !== false) {
      okSince ??= Date.now()
      if (Date.now() - okSince >= (streaming === true ? freshSettle : settle)) return
    } else {
      okSince = null
      settle = settleMs
    }
    const failed = last && (last.connector.state === 'FAILED' ? last.connector : last.tasks.find((t) => t.state === 'FAILED'))
    // the status topic may show a restarted task as FAILED until it has started again: give it time
    if (failed && Date.now() - lastRestart > 5_000) {
      if (restarted === restarts)
        throw new StackError(
          `connector ${name} still FAILED after ${restarts} restarts: ${traceSummary(failed.trace)}`,
          'remove the cause, then `pnpm infra up` again (it restarts failed connectors); full trace in .data/logs/connect.log',
        )
      info(`${name} ${failed === last!.connector ? 'connector' : 'task'} FAILED (${traceSummary(failed.trace)}): restarting it with its failed tasks`)
      await restartFailed(name)
      restarted++
      lastRestart = Date.now()
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  const states = last ? `connector ${last.connector.state}, tasks [${last.tasks.map((t) => `${t.id}:${t.state}`).join(', ')}]` : 'no status'
  if (allRunning(last)) throw new StackError(`connector ${name} RUNNING but not streaming after ${timeoutMs / 1000} s: Debezium is not connected to the binlog`, fix)
  throw new StackError(`connector ${name} not RUNNING after ${timeoutMs / 1000} s (${states})`, fix)
}

/** The trace's first line and, when there is one, its root cause (the last "Caused by:"). */
export function traceSummary(trace: string | undefined): string {
  const lines = (trace ?? 'no trace').split('\n').map((l) => l.trim())
  const cause = lines.filter((l) => l.startsWith('Caused by: ')).at(-1)
  return cause ? `${lines[0]} … ${cause}` : lines[0]!
}

/** Restarts the connector and only its FAILED tasks (a RUNNING task keeps streaming). */
async function restartFailed(name: string): Promise<void> {
  const res = await fetch(`${CONNECT_URL}/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=true`, {
    method: 'POST',
    signal: AbortSignal.timeout(30_000),
  }).catch((err: Error) => ({ ok: false, status: 0, text: async () => err.message }))
  // 409: the worker is rebalancing; the next round tries again
  if (!res.ok && res.status !== 409) info(`restart of ${name} answered ${res.status}: ${(await res.text()).slice(0, 200)}`)
}

export const stop = () => stopProcess(NAME, PROPS, 30_000)
export const portUp = () => portOpen(CONNECT_PORT)

/**
 * Kafka Connect, distributed mode, one worker on 127.0.0.1:8083, with the Debezium plugins and the
 * Prometheus JMX exporter agent on :9404 (rules: debezium/jmx-exporter.yaml). Registers one outbox
 * connector per service database.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConnectClient, connectorConfig } from '@concert/outbox/connector'
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
      try {
        await c.put(name, config)
        const st = await c.status(name)
        if (st && (st.connector.state === 'FAILED' || st.tasks.some((t) => t.state === 'FAILED'))) {
          info(`${name} was FAILED: restarting it`)
          await c.restart(name)
        }
        await c.waitRunning(name, 90_000)
      } catch (err) {
        throw new StackError(`connector ${name}: ${(err as Error).message}`, 'see .data/logs/connect.log; `pnpm infra status` shows connector states')
      }
    }),
  )
  ok(`${SERVICES.map(connectorOf).join(', ')} RUNNING`)
}

export const stop = () => stopProcess(NAME, PROPS, 30_000)
export const portUp = () => portOpen(CONNECT_PORT)

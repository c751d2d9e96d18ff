/**
 * The local stack (SPEC §3), usable from code: `pnpm test` and `pnpm start` call `up()` / `isUp()`;
 * `pnpm infra` (src/infra.ts) is the CLI around it.
 *
 *   MariaDB 127.0.0.1:3307 · Redis 127.0.0.1:6380 · Kafka 127.0.0.1:9092 (controller 9093)
 *   Kafka Connect 127.0.0.1:8083 (JMX exporter 9404)
 *
 * Data, logs and pid files live in .data/ (git-ignored); connection details in .data/stack.env.
 */
import { rmSync, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { CONNECT_METRICS_PORT, CONNECT_PORT, KAFKA_PORT, MARIADB_PORT, REDIS_PORT } from './stack/config.ts'
import { loadSecrets, parseEnvFile, writeStackEnv } from './stack/env.ts'
import { checkPrerequisites } from './stack/prereq.ts'
import { resolveJars } from './stack/maven.ts'
import { recordedPid } from './stack/process.ts'
import { SERVICES, connectorOf } from './stack/services.ts'
import { StackError, ok, setQuiet, step } from './stack/ui.ts'
import * as mariadb from './stack/mariadb.ts'
import * as redis from './stack/redis.ts'
import * as kafka from './stack/kafka.ts'
import * as connect from './stack/connect.ts'
import * as prometheus from './stack/prometheus.ts'
import { DATA_DIR, LOG_DIR, MARIADB_DIR, STACK_ENV } from './stack/paths.ts'

export * as paths from './stack/paths.ts'
export { SERVICES, connectorOf, databaseOf, redisUserOf } from './stack/services.ts'
export { StackError } from './stack/ui.ts'
export { parseEnvFile } from './stack/env.ts'
export { CONNECT_URL } from './stack/connect.ts'

export interface Component {
  name: string
  port: number
  /** pid of our process when it is alive */
  pid: () => number | null
  portUp: () => Promise<boolean>
  stop: () => Promise<boolean>
}

/** In start order; `down` stops them in reverse. */
export const COMPONENTS: Component[] = [
  { name: mariadb.NAME, port: MARIADB_PORT, pid: mariadb.alive, portUp: mariadb.portUp, stop: mariadb.stop },
  { name: redis.NAME, port: REDIS_PORT, pid: redis.alive, portUp: redis.portUp, stop: redis.stop },
  { name: kafka.NAME, port: KAFKA_PORT, pid: kafka.alive, portUp: kafka.portUp, stop: kafka.stop },
  { name: connect.NAME, port: CONNECT_PORT, pid: connect.alive, portUp: connect.portUp, stop: connect.stop },
]

export interface UpOptions {
  quiet?: boolean
  /** also run Prometheus against the same scrape config compose uses (debezium/prometheus.local.yml) */
  monitoring?: boolean
  /** MariaDB without fsync at commit (`pnpm infra up --unsafe-no-fsync`); durable when absent */
  unsafeNoFsync?: boolean
}

/** Brings everything up (idempotent: a running stack is only health-checked). */
export async function up(opts: UpOptions = {}): Promise<Record<string, string>> {
  setQuiet(opts.quiet ?? false)
  const started = Date.now()
  const tools = await checkPrerequisites()
  await resolveJars(tools.mvn)
  const { secrets, existed } = loadSecrets()
  if (!existed && existsSync(join(MARIADB_DIR, 'data', 'mysql')))
    throw new StackError('.data/stack.env is missing but .data/mariadb holds a database with unknown passwords', 'run `pnpm infra reset` (deletes local data) and then `pnpm infra up`')
  writeStackEnv(secrets)
  // MariaDB, Redis and Kafka are independent: start them together; Connect needs Kafka.
  await Promise.all([
    mariadb.start(tools, secrets, opts.unsafeNoFsync ? 'unsafe-no-fsync' : 'durable'),
    redis.start(tools, secrets),
    (async () => {
      await kafka.start(tools)
      await Promise.all([kafka.ensureTopics(), connect.start(tools)])
    })(),
  ])
  await connect.registerConnectors(secrets)
  if (opts.monitoring) await prometheus.start()
  step(`stack up in ${((Date.now() - started) / 1000).toFixed(1)}s — connection details in .data/stack.env`)
  return parseEnvFile()
}

/** Stops exactly the processes `up` started (pid files), Connect first, MariaDB last. */
export async function down(opts: UpOptions = {}): Promise<void> {
  setQuiet(opts.quiet ?? false)
  if (await prometheus.stop()) ok(`stopped ${prometheus.NAME}`)
  for (const c of [...COMPONENTS].reverse()) {
    const stopped = await c.stop()
    if (stopped) ok(`stopped ${c.name}`)
  }
}

/** Deletes .data (data, secrets, pid files); keeps .data/logs so a failed run can still be read. */
export async function reset(opts: UpOptions = {}): Promise<void> {
  await down(opts)
  if (!existsSync(DATA_DIR)) return
  for (const entry of readdirSync(DATA_DIR)) {
    if (join(DATA_DIR, entry) !== LOG_DIR) rmSync(join(DATA_DIR, entry), { recursive: true, force: true })
  }
  ok('deleted .data (kept .data/logs)')
}

export interface ComponentStatus {
  name: string
  pid: number | null
  port: number
  state: 'up' | 'down' | 'port taken by another process' | 'starting'
}

export interface StackStatus {
  components: ComponentStatus[]
  connectors: { name: string; state: string; tasks: { id: number; state: string }[] }[]
  metricsPort: number
}

export async function status(): Promise<StackStatus> {
  const components: ComponentStatus[] = []
  for (const c of COMPONENTS) {
    const pid = c.pid()
    const open = await c.portUp()
    const state: ComponentStatus['state'] = pid !== null ? (open ? 'up' : 'starting') : open ? 'port taken by another process' : 'down'
    components.push({ name: c.name, pid: pid ?? (open ? null : recordedPid(c.name)), port: c.port, state })
  }
  const connectors: StackStatus['connectors'] = []
  if (components.find((c) => c.name === connect.NAME)?.state === 'up') {
    const cl = connect.client()
    const names = new Set([...SERVICES.map(connectorOf), ...(await cl.list().catch(() => [] as string[]))])
    for (const name of [...names].sort()) {
      const st = await cl.status(name).catch(() => null)
      connectors.push({ name, state: st?.connector.state ?? 'MISSING', tasks: st?.tasks.map((t) => ({ id: t.id, state: t.state })) ?? [] })
    }
  }
  return { components, connectors, metricsPort: CONNECT_METRICS_PORT }
}

/** True when every component runs (ours, port open) and every service connector is RUNNING. */
export async function isUp(): Promise<boolean> {
  if (!existsSync(STACK_ENV)) return false
  const s = await status()
  return (
    s.components.every((c) => c.state === 'up') &&
    SERVICES.every((svc) => {
      const c = s.connectors.find((x) => x.name === connectorOf(svc))
      return c?.state === 'RUNNING' && c.tasks.length > 0 && c.tasks.every((t) => t.state === 'RUNNING')
    })
  )
}

/**
 * Debezium connector configs and a small Kafka Connect REST client (SPEC §9).
 *
 * `connectorConfig` renders debezium/connector.template.json, the one template shared by the local
 * stack (MariaDB) and compose.yaml (MySQL). Only the placeholders below are substituted; anything else in
 * `${...}` form (the EventRouter's `${routedByValue}`) is left for Debezium.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export type Engine = 'mariadb' | 'mysql'

export interface ConnectorTarget {
  name: string
  database: string
  engine: Engine
  host: string
  port: number
  user: string
  password: string
  serverId: number
  /** Kafka bootstrap servers as seen from the Connect worker (schema history topic); default 127.0.0.1:9092 */
  kafkaBootstrap?: string
  /** replication factor for topics Connect creates; default 1 */
  replicationFactor?: number
}

export const CONNECTOR_CLASSES: Record<Engine, string> = {
  mariadb: 'io.debezium.connector.mariadb.MariaDbConnector',
  mysql: 'io.debezium.connector.mysql.MySqlConnector',
}

export const CONNECTOR_TEMPLATE_PATH = fileURLToPath(
  new URL('../../debezium/connector.template.json', import.meta.url),
)

/** The placeholders connector.template.json uses (for envsubst in compose: pass exactly these names). */
export const TEMPLATE_VARIABLES = [
  'CONNECTOR_CLASS',
  'CONNECTOR_NAME',
  'DATABASE',
  'DB_HOST',
  'DB_PORT',
  'DB_USER',
  'DB_PASSWORD',
  'SERVER_ID',
  'KAFKA_BOOTSTRAP',
  'REPLICATION_FACTOR',
] as const

export function renderTemplate(template: string, vars: Record<string, string>): Record<string, string> {
  const raw = JSON.parse(template) as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) {
    out[key] = String(value).replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => vars[name] ?? whole)
  }
  const left = Object.entries(out).filter(([, v]) => /\$\{[A-Z_]+\}/.test(v))
  if (left.length > 0) throw new Error(`connector template: unresolved placeholders in ${left.map(([k]) => k).join(', ')}`)
  return out
}

export function connectorConfig(t: ConnectorTarget): Record<string, string> {
  const template = readFileSync(CONNECTOR_TEMPLATE_PATH, 'utf8')
  return renderTemplate(template, {
    CONNECTOR_CLASS: CONNECTOR_CLASSES[t.engine],
    CONNECTOR_NAME: t.name,
    DATABASE: t.database,
    DB_HOST: t.host,
    DB_PORT: String(t.port),
    DB_USER: t.user,
    DB_PASSWORD: t.password,
    SERVER_ID: String(t.serverId),
    KAFKA_BOOTSTRAP: t.kafkaBootstrap ?? '127.0.0.1:9092',
    REPLICATION_FACTOR: String(t.replicationFactor ?? 1),
  })
}

export interface ConnectorStatus {
  connector: { state: string; worker_id?: string; trace?: string }
  tasks: { id: number; state: string; worker_id?: string; trace?: string }[]
}

export class ConnectError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'ConnectError'
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export class ConnectClient {
  readonly baseUrl: string

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '')
  }

  private async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    // Connect answers 409 (or 500 "a rebalance is expected") while the worker group rebalances, which it
    // does after every connector create/delete: retry those for a while.
    for (let attempt = 0; ; attempt++) {
      let res: Response
      try {
        res = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        })
      } catch (err) {
        throw new ConnectError(`Kafka Connect at ${this.baseUrl} is unreachable (${(err as Error).message})`)
      }
      const text = await res.text()
      let json: unknown = null
      try {
        json = text ? JSON.parse(text) : null
      } catch {
        json = text
      }
      const rebalancing = res.status === 409 || (res.status === 500 && /rebalance/i.test(text))
      if (rebalancing && attempt < 120) {
        await sleep(250)
        continue
      }
      return { status: res.status, json }
    }
  }

  private fail(what: string, r: { status: number; json: unknown }): never {
    const msg = (r.json as { message?: string } | null)?.message ?? JSON.stringify(r.json)
    throw new ConnectError(`${what}: HTTP ${r.status} ${msg}`, r.status)
  }

  async list(): Promise<string[]> {
    const r = await this.request('GET', '/connectors')
    if (r.status !== 200) this.fail('list connectors', r)
    return (r.json as string[]).sort()
  }

  async config(name: string): Promise<Record<string, string> | null> {
    const r = await this.request('GET', `/connectors/${encodeURIComponent(name)}/config`)
    if (r.status === 404) return null
    if (r.status !== 200) this.fail(`get config of ${name}`, r)
    return r.json as Record<string, string>
  }

  /** Creates or updates; does nothing (no connector restart) when the stored config is already equal. */
  async put(name: string, config: Record<string, string>): Promise<void> {
    const wanted = { ...config, name }
    const current = await this.config(name)
    if (current && sameConfig(current, wanted)) return
    const r = await this.request('PUT', `/connectors/${encodeURIComponent(name)}/config`, wanted)
    if (r.status !== 200 && r.status !== 201) this.fail(`put config of ${name}`, r)
  }

  async status(name: string): Promise<ConnectorStatus | null> {
    const r = await this.request('GET', `/connectors/${encodeURIComponent(name)}/status`)
    if (r.status === 404) return null
    if (r.status !== 200) this.fail(`status of ${name}`, r)
    return r.json as ConnectorStatus
  }

  /** Resolves when the connector and all its tasks are RUNNING; throws with the task trace on FAILED or timeout. */
  async waitRunning(name: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let last: ConnectorStatus | null = null
    while (Date.now() < deadline) {
      last = await this.status(name)
      if (last) {
        const failed = last.connector.state === 'FAILED' ? last.connector : last.tasks.find((t) => t.state === 'FAILED')
        if (failed) {
          throw new ConnectError(`connector ${name} FAILED:\n${firstLines(failed.trace ?? '(no trace)')}`)
        }
        if (last.connector.state === 'RUNNING' && last.tasks.length > 0 && last.tasks.every((t) => t.state === 'RUNNING')) return
      }
      await sleep(200)
    }
    const states = last ? `connector ${last.connector.state}, tasks [${last.tasks.map((t) => `${t.id}:${t.state}`).join(', ')}]` : 'not found'
    throw new ConnectError(`connector ${name} not RUNNING after ${timeoutMs} ms (${states})`)
  }

  async restart(name: string): Promise<void> {
    const r = await this.request('POST', `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=false`)
    if (r.status !== 200 && r.status !== 202 && r.status !== 204) this.fail(`restart ${name}`, r)
  }

  async delete(name: string): Promise<void> {
    const r = await this.request('DELETE', `/connectors/${encodeURIComponent(name)}`)
    if (r.status !== 204 && r.status !== 200 && r.status !== 404) this.fail(`delete ${name}`, r)
  }
}

function sameConfig(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort()
  const kb = Object.keys(b).sort()
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && String(a[k]) === String(b[k]))
}

function firstLines(trace: string, n = 12): string {
  return trace.split('\n').slice(0, n).join('\n')
}

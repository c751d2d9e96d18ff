/**
 * The five services and the gateway as processes: how each is configured from the stack's
 * credentials, started, waited for and stopped. Used by `pnpm start`, the e2e suite and benches.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEnv } from 'node:util'
import { STACK_ENV } from './stack/paths.ts'

export const root = resolve(fileURLToPath(import.meta.url), '../../..')
/** The stack's connection details (STACK_DATA_DIR moves them with a second stack). */
export const stackEnvFile = STACK_ENV

export const SERVICES = [
  { name: 'user', port: 3001 },
  { name: 'concert', port: 3002 },
  { name: 'order', port: 3003 },
  { name: 'payment', port: 3004 },
  { name: 'review', port: 3005 },
  { name: 'gateway', port: 3000 },
] as const
export type ServiceName = (typeof SERVICES)[number]['name']
export type BackendName = Exclude<ServiceName, 'gateway'>

/**
 * Instance i (0-based) of a service listens on its port + INSTANCE_PORT_STEP × i: order on 3003, 3013,
 * 3023. The gateway runs once. At most MAX_INSTANCES, so a system never reaches the ports of a second
 * one shifted by 100 (e2e beside `pnpm start`).
 */
export const INSTANCE_PORT_STEP = 10
export const MAX_INSTANCES = 5

/** How many instances of each service run, and which one this process is. */
export interface InstanceLayout {
  /** 0-based */
  instance: number
  instances: number
}
const SINGLE: InstanceLayout = { instance: 0, instances: 1 }

export function readStackEnv(): Record<string, string> {
  if (!existsSync(stackEnvFile)) throw new Error('The local stack has not been set up yet: run `pnpm infra up`.')
  return parseEnv(readFileSync(stackEnvFile, 'utf8')) as Record<string, string>
}

export function portOf(name: ServiceName, offset = 0, instance = 0): number {
  if (!Number.isInteger(instance) || instance < 0 || instance >= MAX_INSTANCES || (name === 'gateway' && instance > 0)) {
    throw new RangeError(`${name} has no instance ${instance}`)
  }
  return SERVICES.find((s) => s.name === name)!.port + offset + INSTANCE_PORT_STEP * instance
}

/** Every instance's URL, in instance order: what the gateway balances over. */
export function instanceUrls(name: BackendName, offset: number, instances: number): string[] {
  return Array.from({ length: instances }, (_, i) => `http://127.0.0.1:${portOf(name, offset, i)}`)
}

/** `order`, or `order#2` for the second instance: how logs and messages name one process. */
export const instanceLabel = (name: ServiceName, instance: number): string => (instance === 0 ? name : `${name}#${instance + 1}`)

/**
 * The gateway opens its connections to services from this loopback address, and services believe
 * X-Forwarded-For only from it, so a direct caller on 127.0.0.1 cannot choose the address its
 * per-client limits count. Linux routes all of 127/8 to loopback; elsewhere (macOS has only 127.0.0.1
 * unless aliased) the gateway connects from 127.0.0.1 and services trust that, as before.
 */
const GATEWAY_ADDRESS = process.platform === 'linux' ? '127.0.0.2' : undefined

/**
 * One service's environment: its own database and Redis credentials under the generic names it
 * reads, everything else passed through (so HOLD_TTL_SECONDS and friends reach it from the caller).
 * `portOffset` lets a second copy of the system (e2e) run beside `pnpm start`; `layout` says how many
 * instances of each service run (the gateway gets them all) and which one this is (its port, and the
 * user-service instance of the same position whose JWKS it reads).
 */
export function serviceEnv(
  name: ServiceName, stack: Record<string, string>, extra: Record<string, string> = {}, portOffset = 0, layout: InstanceLayout = SINGLE,
): Record<string, string> {
  if (!Number.isInteger(layout.instances) || layout.instances < 1 || layout.instances > MAX_INSTANCES) {
    throw new RangeError(`instances must be 1 to ${MAX_INSTANCES}, got ${layout.instances}`)
  }
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...stack }
  const prefix = name.toUpperCase()
  if (name !== 'gateway') {
    env['DATABASE_URL'] = stack[`${prefix}_DATABASE_URL`]!
    env['REDIS_URL'] = stack[`${prefix}_REDIS_URL`]!
    env['TRUSTED_PROXIES'] ??= GATEWAY_ADDRESS ?? '127.0.0.1'
  } else if (GATEWAY_ADDRESS) {
    env['UPSTREAM_LOCAL_ADDRESS'] ??= GATEWAY_ADDRESS
  }
  env['PORT'] = String(portOf(name, portOffset, layout.instance))
  // Signing keys live in MySQL, so every user-service instance serves the same JWKS.
  env['JWKS_URL'] = `http://127.0.0.1:${portOf('user', portOffset, name === 'gateway' ? 0 : layout.instance)}/.well-known/jwks.json`
  for (const service of SERVICES) {
    if (service.name !== 'gateway') env[`${service.name.toUpperCase()}_SERVICE_URL`] = instanceUrls(service.name, portOffset, layout.instances).join(',')
  }
  return { ...env, ...extra }
}

export interface RunningService {
  name: ServiceName
  child: ChildProcess
  url: string
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** How every service process is started (node's arguments, in services/<name>); compose.yaml's `command` says the same. */
export const SERVICE_NODE_ARGS = ['--import', 'tsx', '--import', '@concert/platform/otel', 'start.ts'] as const

export function launch(name: ServiceName, env: Record<string, string>, output: (line: string) => void): RunningService {
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS], {
    cwd: join(root, 'services', name),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = ''
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let newline: number
      while ((newline = buffer.indexOf('\n')) >= 0) {
        output(buffer.slice(0, newline))
        buffer = buffer.slice(newline + 1)
      }
    })
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  return {
    name,
    child,
    url: `http://127.0.0.1:${env['PORT']}`,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      await exited
    },
  }
}

/**
 * Polls /health/ready until it answers 200 with every consumer group joined and assigned (its `kafka`
 * check up), or fails with the last answer. A 200 with `kafka` degraded means a group is still joining:
 * going on then races the join (the group's other members are still rebalancing).
 */
export async function waitReady(service: RunningService, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited with code ${service.child.exitCode}`)
    try {
      const response = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(2000) })
      const text = await response.text()
      const kafka = response.ok ? (JSON.parse(text) as { checks?: Record<string, { status?: string }> }).checks?.['kafka']?.status : undefined
      if (response.ok && (kafka === undefined || kafka === 'up')) return
      last = `${response.status} ${text}`
    } catch (error) {
      last = (error as Error).message
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs / 1000}s: ${last}`)
}

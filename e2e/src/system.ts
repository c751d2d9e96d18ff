/**
 * The whole system as real processes: the five services and the gateway, started with
 * scripts/src/services.ts against the shared local stack, on ports shifted by PORT_OFFSET so the
 * suite runs beside a developer's `pnpm start`. One System per test file; a file may restart a
 * service with other settings or kill one with SIGKILL mid-saga.
 *
 * With `instances: 2` every backend service runs twice (the second on port + 10) and the gateway
 * balances over both. Methods taking a service name act on every instance of it, or on one when given
 * its 0-based `instance`.
 *
 * Each process's output goes to e2e/.logs/<label>/<service>.log (`order#2.log` for a second instance)
 * so a failure can be read afterwards.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import {
  SERVICES, instanceLabel, launch, portOf, readStackEnv, root, serviceEnv, waitReady, type RunningService, type ServiceName,
} from '../../scripts/src/services.ts'

export type { ServiceName }
export const PORT_OFFSET = Number(process.env['E2E_PORT_OFFSET'] ?? 100)
/** Services in start order: user first (JWKS), gateway last (ready only when every service is). */
export const START_ORDER: readonly ServiceName[] = SERVICES.map((s) => s.name)
export const BACKEND: readonly Exclude<ServiceName, 'gateway'>[] = ['user', 'concert', 'order', 'payment', 'review']

export interface SystemOptions {
  /** names the log folder (usually the test file) */
  label: string
  /** settings every service gets (HOLD_TTL_SECONDS, QUEUE_*, ...) on top of the defaults below */
  env?: Record<string, string>
  /** settings for one service only */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>
  /** processes per backend service (default 1); the gateway balances over them and runs once */
  instances?: number
}

/** Fast, roomy defaults for tests: admission at once, quick sweeps, no rate limit surprises. */
export const TEST_DEFAULTS: Record<string, string> = {
  QUEUE_ADMIT_PER_SECOND: '10000',
  QUEUE_ACTIVE_LIMIT: '100000',
  QUEUE_TICK_MS: '50',
  HOLD_SWEEP_INTERVAL_MS: '200',
  LOG_LEVEL: 'info',
  // The suite polls through one address much faster than a fan would.
  RATE_LIMIT_PER_MINUTE: '1000000',
  SIGN_IN_ATTEMPTS_PER_MINUTE: '10000',
  ACCESS_TOKEN_TTL_SECONDS: '3600',
}

/** Every child this process started: killed if the test process itself is terminated or exits. */
const children = new Set<RunningService>()
function killChildren() {
  for (const service of children) if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL')
}
process.once('exit', killChildren)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    killChildren()
    process.exit(128 + (signal === 'SIGTERM' ? 15 : 2))
  })
}

export class System {
  readonly admin: { email: string; password: string }
  readonly stack: Record<string, string>
  readonly startedAt = new Date()
  /** processes per backend service */
  readonly instances: number
  /** by instance label: `order`, `order#2` */
  private readonly running = new Map<string, RunningService>()
  private readonly logs = new Map<string, WriteStream>()
  readonly logDir: string
  private readonly env: Record<string, string>
  private readonly perService: Partial<Record<ServiceName, Record<string, string>>>

  constructor(options: SystemOptions) {
    this.stack = readStackEnv()
    this.admin = {
      email: process.env['E2E_ADMIN_EMAIL'] ?? 'e2e-admin@concert.local',
      password: process.env['E2E_ADMIN_PASSWORD'] ?? `e2e-${randomBytes(12).toString('base64url')}`,
    }
    this.env = {
      ...TEST_DEFAULTS,
      ADMIN_EMAIL: this.admin.email,
      ADMIN_PASSWORD: this.admin.password,
      ...options.env,
    }
    this.perService = options.serviceEnv ?? {}
    this.instances = options.instances ?? 1
    this.logDir = join(root, 'e2e/.logs', options.label.replace(/[^A-Za-z0-9_.-]/g, '_'))
    mkdirSync(this.logDir, { recursive: true })
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${portOf('gateway', PORT_OFFSET)}`
  }

  urlOf(name: ServiceName, instance = 0): string {
    return `http://127.0.0.1:${portOf(name, PORT_OFFSET, instance)}`
  }

  /** The 0-based instances `instance` designates: that one, or every instance of the service. */
  private instancesOf(name: ServiceName, instance?: number): number[] {
    const count = name === 'gateway' ? 1 : this.instances
    if (instance !== undefined) {
      if (!Number.isInteger(instance) || instance < 0 || instance >= count) throw new Error(`${name} has no instance ${instance} (instances: ${count})`)
      return [instance]
    }
    return Array.from({ length: count }, (_, i) => i)
  }

  /** One instance, or (without `instance`) any instance of the service, is running. */
  isRunning(name: ServiceName, instance?: number): boolean {
    return this.instancesOf(name, instance).some((i) => {
      const s = this.running.get(instanceLabel(name, i))
      return !!s && s.child.exitCode === null && s.child.signalCode === null
    })
  }

  private log(label: string): WriteStream {
    let stream = this.logs.get(label)
    if (!stream) {
      stream = createWriteStream(join(this.logDir, `${label}.log`), { flags: 'a' })
      this.logs.set(label, stream)
    }
    return stream
  }

  private async startInstance(name: ServiceName, instance: number, extra: Record<string, string>, readyTimeoutMs: number): Promise<void> {
    const label = instanceLabel(name, instance)
    if (this.isRunning(name, instance)) throw new Error(`${label} is already running`)
    const env = serviceEnv(name, this.stack, { ...this.env, ...this.perService[name], ...extra }, PORT_OFFSET, { instance, instances: this.instances })
    const out = this.log(label)
    out.write(`\n===== ${new Date().toISOString()} start ${label} ${JSON.stringify({ ...this.perService[name], ...extra })}\n`)
    const service = launch(name, env, (line) => out.write(`${line}\n`))
    children.add(service)
    service.child.once('exit', () => children.delete(service))
    this.running.set(label, service)
    try {
      await waitReady(service, readyTimeoutMs)
    } catch (error) {
      throw new Error(`${(error as Error).message} (log: ${join(this.logDir, `${label}.log`)})`)
    }
  }

  /**
   * Starts a service's instances that are not running, or the one given (extra env on top of the
   * file's settings), and waits until they are ready. The first instance starts alone (it migrates).
   */
  async startService(name: ServiceName, extra: Record<string, string> = {}, readyTimeoutMs = 90_000, instance?: number): Promise<void> {
    const stopped = this.instancesOf(name, instance).filter((i) => !this.isRunning(name, i))
    if (stopped.length === 0) throw new Error(`${instance === undefined ? name : instanceLabel(name, instance)} is already running`)
    const [first, ...rest] = stopped
    await this.startInstance(name, first!, extra, readyTimeoutMs)
    await Promise.all(rest.map((i) => this.startInstance(name, i, extra, readyTimeoutMs)))
  }

  private async end(name: ServiceName, instance: number | undefined, signal: 'SIGTERM' | 'SIGKILL', what: string): Promise<void> {
    await Promise.all(this.instancesOf(name, instance).map(async (i) => {
      const label = instanceLabel(name, i)
      const service = this.running.get(label)
      if (!service) return
      await service.stop(signal)
      this.running.delete(label)
      this.log(label).write(`===== ${new Date().toISOString()} ${what} ${label}\n`)
    }))
  }

  /** Graceful stop (SIGTERM: in-flight requests and records finish). */
  async stopService(name: ServiceName, instance?: number): Promise<void> {
    await this.end(name, instance, 'SIGTERM', 'stopped')
  }

  /** SIGKILL: no shutdown hooks, uncommitted offsets, transactions cut off. */
  async killService(name: ServiceName, instance?: number): Promise<void> {
    await this.end(name, instance, 'SIGKILL', 'KILLED (SIGKILL)')
  }

  /** Sends a signal to a running service (SIGSTOP/SIGCONT pause and resume it, as a VM stall would). */
  signal(name: ServiceName, signal: NodeJS.Signals, instance?: number): void {
    const targets = this.instancesOf(name, instance).filter((i) => this.isRunning(name, i))
    if (targets.length === 0) throw new Error(`${instance === undefined ? name : instanceLabel(name, instance)} is not running`)
    for (const i of targets) {
      const label = instanceLabel(name, i)
      this.running.get(label)!.child.kill(signal)
      this.log(label).write(`===== ${new Date().toISOString()} ${signal} ${label}\n`)
    }
  }

  async restartService(name: ServiceName, extra: Record<string, string> = {}): Promise<void> {
    await this.stopService(name)
    await this.startService(name, extra)
    // The gateway stays ready only when every service is; wait for it to see the new process.
    if (name !== 'gateway' && this.isRunning('gateway')) await this.waitGatewayReady()
  }

  async waitGatewayReady(timeoutMs = 30_000): Promise<void> {
    const gateway = this.running.get('gateway')
    if (gateway) await waitReady(gateway, timeoutMs)
  }

  /** Every service, then the gateway. On failure, whatever started is stopped again. */
  async start(): Promise<void> {
    for (const name of START_ORDER) {
      for (const instance of this.instancesOf(name)) {
        const port = portOf(name, PORT_OFFSET, instance)
        const free = await new Promise<boolean>((done) => {
          const probe = createServer().once('error', () => done(false)).listen(port, '127.0.0.1', () => probe.close(() => done(true)))
        })
        if (!free) throw new Error(`port ${port} (${instanceLabel(name, instance)}) is in use: another e2e run, or a leftover process. Stop it, or set E2E_PORT_OFFSET.`)
      }
    }
    try {
      for (const name of START_ORDER) await this.startService(name)
    } catch (error) {
      await this.stop()
      throw error
    }
  }

  /** Backend services only (the gateway keeps running, answering 502/503 meanwhile). */
  async stopBackend(): Promise<void> {
    await Promise.all(BACKEND.map((name) => this.stopService(name)))
  }

  async startBackend(): Promise<void> {
    for (const name of BACKEND) await this.startService(name)
    if (this.isRunning('gateway')) await this.waitGatewayReady()
  }

  async stop(): Promise<void> {
    for (const name of [...START_ORDER].reverse()) await this.stopService(name).catch(() => undefined)
    await Promise.all([...this.logs.values()].map((s) => new Promise<void>((done) => s.end(done))))
    this.logs.clear()
  }
}

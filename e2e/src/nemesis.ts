/**
 * The nemesis: faults injected into the running system one at a time, each healed the way an SRE
 * (or a supervisor) would heal it, with the moments of injection and recovery recorded so a run can
 * say how long the API was unavailable and how long sagas stalled per fault kind.
 *
 * Stack parts (MariaDB, Redis, Kafka, Connect) are killed with SIGKILL through their pid files and
 * brought back by `pnpm infra up`; services are killed (and restarted, as a supervisor would) or
 * paused with SIGSTOP past the Kafka session timeout, then resumed.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sleep } from './api.ts'
import { BACKEND, type ServiceName, type System } from './system.ts'
import { root } from '../../scripts/src/services.ts'
import { PID_DIR } from '../../scripts/src/stack/paths.ts'

export const FAULT_KINDS = ['kill-service', 'pause-service', 'kill-connect', 'kill-kafka', 'restart-mariadb', 'kill-redis'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

export interface FaultRecord {
  kind: FaultKind
  target: string
  injectedAt: number
  /** when the part was back (process restarted and ready, or resumed) */
  healedAt: number
}

type StackPart = 'mariadb' | 'redis' | 'kafka' | 'connect'

function stackPid(part: StackPart): number {
  const pid = Number(readFileSync(join(PID_DIR, `${part}.pid`), 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid for ${part}`)
  return pid
}

/** `pnpm infra up`, retried: a part killed mid-start can need a second pass. */
async function infraUp(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const code = await new Promise<number>((done) => {
      const child = spawn('pnpm', ['--silent', 'infra', 'up'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
      child.once('exit', (c) => done(c ?? 1))
    })
    if (code === 0) return
    if (attempt >= 3) throw new Error(`pnpm infra up exited ${code} ${attempt} times`)
    await sleep(2000)
  }
}

async function killStackPart(part: StackPart, downMs: number): Promise<void> {
  process.kill(stackPid(part), 'SIGKILL')
  await sleep(downMs)
  await infraUp()
}

export interface NemesisOptions {
  system: System
  random: () => number
  /** Kafka session timeout of the services' consumers; a pause lasts longer than this */
  sessionTimeoutMs: number
  log?: (line: string) => void
}

export class Nemesis {
  readonly faults: FaultRecord[] = []
  constructor(private readonly options: NemesisOptions) {}

  private target(): Exclude<ServiceName, 'gateway'> {
    return BACKEND[Math.floor(this.options.random() * BACKEND.length)]!
  }

  /** Injects one fault of `kind`, waits until it is healed, and records both moments. */
  async inject(kind: FaultKind): Promise<FaultRecord> {
    const { system } = this.options
    const injectedAt = Date.now()
    let target: string = kind.replace(/^(kill|restart)-/, '')
    switch (kind) {
      case 'kill-service': {
        const name = this.target()
        target = name
        await system.killService(name)
        // A supervisor notices and starts it again.
        await sleep(500)
        await system.startService(name)
        break
      }
      case 'pause-service': {
        const name = this.target()
        target = name
        system.signal(name, 'SIGSTOP')
        await sleep(this.options.sessionTimeoutMs + 3000)
        system.signal(name, 'SIGCONT')
        break
      }
      case 'kill-connect': await killStackPart('connect', 1000); break
      case 'kill-kafka': await killStackPart('kafka', 1000); break
      case 'restart-mariadb': await killStackPart('mariadb', 1000); break
      case 'kill-redis': await killStackPart('redis', 1000); break
    }
    const record = { kind, target, injectedAt, healedAt: Date.now() }
    this.faults.push(record)
    this.options.log?.(`nemesis: ${kind} ${target} healed after ${((record.healedAt - injectedAt) / 1000).toFixed(1)} s`)
    return record
  }

  /** Every kind once, in an order drawn from the seed, with a quiet gap before each. */
  async runEachOnce(gapMs: number, stopAt: number): Promise<void> {
    const kinds = [...FAULT_KINDS]
    for (let i = kinds.length - 1; i > 0; i--) {
      const k = Math.floor(this.options.random() * (i + 1))
      ;[kinds[i], kinds[k]] = [kinds[k]!, kinds[i]!]
    }
    for (const kind of kinds) {
      if (Date.now() + gapMs > stopAt) return
      await sleep(gapMs)
      await this.inject(kind)
    }
  }
}

export interface FaultImpact {
  kind: FaultKind
  target: string
  /** from injection to the last failed request (network, 502/503/504) of the fault's window */
  apiUnavailableMs: number
  /** from the part being healthy again to the next saga step a fan saw complete */
  sagaStallMs: number | undefined
}

/** What each fault cost clients, from the requests and progress the fans recorded. */
export function impacts(faults: FaultRecord[], outages: number[], progress: number[]): FaultImpact[] {
  const sortedOutages = [...outages].sort((a, b) => a - b)
  const sortedProgress = [...progress].sort((a, b) => a - b)
  return faults.map((fault, i) => {
    const windowEnd = faults[i + 1]?.injectedAt ?? Number.MAX_SAFE_INTEGER
    const failed = sortedOutages.filter((at) => at >= fault.injectedAt && at < windowEnd)
    const next = sortedProgress.find((at) => at >= fault.healedAt)
    return {
      kind: fault.kind,
      target: fault.target,
      apiUnavailableMs: failed.length ? failed[failed.length - 1]! - fault.injectedAt : 0,
      sagaStallMs: next === undefined || next >= windowEnd ? undefined : next - fault.healedAt,
    }
  })
}

/**
 * The instances of one service and which of them take requests. Pure bookkeeping: the proxy reports
 * what its requests saw, the prober (jobs/probe-instances.ts) what the probes saw, and `pick` chooses.
 *
 * An instance leaves the rotation at once when a connection to it fails (refused, reset, dropped: the
 * process is gone or going), or after `probeFailuresToTakeOut` probes in a row that did not answer 200 in
 * time (a stalled or shutting-down process). It comes back with the first probe that answers 200.
 */
export interface Instance {
  /** 1-based position in the configured list: what reports and logs call it (never its address) */
  readonly index: number
  readonly url: string
  inRotation: boolean
  /** requests sent to it and not yet finished */
  outstanding: number
  /** probes in a row that failed (reset by a good one) */
  failedProbes: number
  /** when it last left the rotation (epoch ms) */
  outSince?: number
  /** why it left */
  reason?: string
}

export type ProbeOutcome =
  | { ok: true }
  /** `unreachable`: the connection failed, as a request's would; `failed`: an answer other than 200, or none in time */
  | { ok: false; kind: 'unreachable' | 'failed'; reason: string }

export interface Transition {
  instance: Instance
  inRotation: boolean
  reason?: string
}

export class InstancePool {
  readonly instances: readonly Instance[]
  /** where the round robin among equally loaded instances starts next */
  private cursor = 0

  constructor(urls: readonly string[], private readonly probeFailuresToTakeOut = 2) {
    if (urls.length === 0) throw new Error('an upstream needs at least one instance')
    this.instances = urls.map((url, i) => ({ index: i + 1, url, inRotation: true, outstanding: 0, failedProbes: 0 }))
  }

  /**
   * The instance for the next attempt, never one in `exclude` (those already failed this request):
   * the least busy instance in rotation, round robin among equals. When none is in rotation, the
   * others are tried anyway, the longest out first: the probes may be a second behind a restart, and
   * a refused connection costs less than refusing the client without trying. Undefined only when
   * every instance is excluded.
   */
  pick(exclude: ReadonlySet<Instance> = new Set()): Instance | undefined {
    const n = this.instances.length
    let best: Instance | undefined
    let bestAt = 0
    for (let step = 0; step < n; step++) {
      const at = (this.cursor + step) % n
      const candidate = this.instances[at]!
      if (!candidate.inRotation || exclude.has(candidate)) continue
      if (!best || candidate.outstanding < best.outstanding) {
        best = candidate
        bestAt = at
      }
    }
    if (best) {
      this.cursor = (bestAt + 1) % n
      return best
    }
    return this.instances
      .filter((instance) => !exclude.has(instance))
      .sort((a, b) => (a.outSince ?? 0) - (b.outSince ?? 0))[0]
  }

  /** Instances in the order a one-off read (the OpenAPI document) should try them. */
  preference(): Instance[] {
    const first = this.pick()
    const rest = this.instances.filter((instance) => instance !== first)
      .sort((a, b) => Number(b.inRotation) - Number(a.inRotation) || (a.outSince ?? 0) - (b.outSince ?? 0))
    return first ? [first, ...rest] : rest
  }

  begin(instance: Instance): void {
    instance.outstanding++
  }

  end(instance: Instance): void {
    instance.outstanding = Math.max(0, instance.outstanding - 1)
  }

  /** A request's connection to it failed. Returns the transition when this took it out. */
  connectionFailed(instance: Instance, now: number, reason: string): Transition | undefined {
    return this.takeOut(instance, now, reason)
  }

  /** A probe's outcome. Returns the transition when this moved it in or out of the rotation. */
  probed(instance: Instance, outcome: ProbeOutcome, now: number): Transition | undefined {
    if (outcome.ok) {
      instance.failedProbes = 0
      if (instance.inRotation) return undefined
      instance.inRotation = true
      delete instance.outSince
      delete instance.reason
      return { instance, inRotation: true }
    }
    instance.failedProbes++
    if (outcome.kind === 'unreachable' || instance.failedProbes >= this.probeFailuresToTakeOut) {
      return this.takeOut(instance, now, outcome.reason)
    }
    return undefined
  }

  private takeOut(instance: Instance, now: number, reason: string): Transition | undefined {
    if (!instance.inRotation) return undefined
    instance.inRotation = false
    instance.outSince = now
    instance.reason = reason
    return { instance, inRotation: false, reason }
  }
}

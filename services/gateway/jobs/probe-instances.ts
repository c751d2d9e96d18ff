import type { Logger } from 'pino'
import { every } from '@concert/platform'
import type { Instance, ProbeOutcome, Transition } from '../domain/balancer.ts'
import { classifyFailure, takesInstanceOut } from '../domain/retry.ts'
import type { Upstream } from '../domain/upstreams.ts'

/**
 * The probe is the instance's liveness (`/health/live`: the process is up and its HTTP server answers
 * in time), not its readiness. Readiness fails for shared dependencies (MySQL, Redis, a consumer group
 * that is not consuming), which every instance of a service shares: taking instances out for them would
 * empty the rotation although their routes still answer, and answer their own 503 + Retry-After for
 * what needs the missing dependency. A process that is gone, paused or shutting down fails the probe.
 */
export async function probeInstance(instance: Instance, timeoutMs: number): Promise<ProbeOutcome> {
  try {
    const response = await fetch(`${instance.url}/health/live`, { signal: AbortSignal.timeout(timeoutMs) })
    await response.body?.cancel()
    return response.status === 200 ? { ok: true } : { ok: false, kind: 'failed', reason: `live probe answered HTTP ${response.status}` }
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { ok: false, kind: 'failed', reason: `live probe not answered within ${timeoutMs} ms` }
    const cause = (error as Error).cause as (Error & { code?: string }) | undefined
    const unreachable = cause !== undefined && takesInstanceOut(classifyFailure(cause))
    return { ok: false, kind: unreachable ? 'unreachable' : 'failed', reason: `live probe failed: ${cause?.code ?? (error as Error).message}` }
  }
}

export function logTransition(logger: Logger, upstream: Upstream, change: Transition | undefined): void {
  if (!change) return
  const fields = { upstream: upstream.name, instance: change.instance.index, url: change.instance.url }
  if (change.inRotation) logger.info(fields, 'upstream instance back in rotation')
  else logger.warn({ ...fields, reason: change.reason }, 'upstream instance out of rotation')
}

/**
 * Probes every instance of every service each `intervalMs` (a round waits for its slowest probe, at
 * most `timeoutMs`) and moves instances in and out of the rotation. Returns how to stop.
 */
export function startInstanceProbes(upstreams: readonly Upstream[], { intervalMs, timeoutMs }: { intervalMs: number; timeoutMs: number }, logger: Logger): ReturnType<typeof every> {
  const round = () => Promise.all(upstreams.flatMap((upstream) => upstream.pool.instances.map(async (instance) => {
    const outcome = await probeInstance(instance, timeoutMs)
    logTransition(logger, upstream, upstream.pool.probed(instance, outcome, Date.now()))
  })))
  return every(intervalMs, round, logger, 'upstream probe round')
}

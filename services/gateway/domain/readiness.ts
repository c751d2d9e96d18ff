/** What one instance's /health/ready said (or that it could not be asked). */
export interface InstanceHealth {
  /** 1-based position in the service's instance list */
  instance: number
  /** whether the gateway sends it requests now (its liveness probes and connections) */
  inRotation: boolean
  /** the instance's own status (ready, degraded, unavailable), or unreachable */
  status: string
  httpStatus?: number
  checks?: Record<string, unknown>
}

export interface ServiceHealth {
  status: string
  httpStatus?: number
  checks?: Record<string, unknown>
  instances: InstanceHealth[]
}

/**
 * A service is ready when every instance is; it serves (200) while at least one instance answers its
 * readiness with 200, and is then `degraded` when another does not. Its status code and checks are
 * those of the first serving instance, else of the first that answered at all: with one instance,
 * exactly what that instance said.
 */
export function serviceHealth(instances: InstanceHealth[]): ServiceHealth {
  const serving = instances.filter((instance) => instance.httpStatus === 200)
  const shown = serving[0] ?? instances.find((instance) => instance.httpStatus !== undefined) ?? instances[0]!
  const status = serving.length === 0
    ? shown.status
    : serving.length === instances.length && serving.every((instance) => instance.status === 'ready') ? 'ready' : 'degraded'
  return {
    status,
    ...(shown.httpStatus === undefined ? {} : { httpStatus: shown.httpStatus }),
    ...(shown.checks ? { checks: shown.checks } : {}),
    instances,
  }
}

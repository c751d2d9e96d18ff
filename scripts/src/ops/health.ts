/** Readiness of the five services and the gateway (GET /health/ready); a service not started is not an error. */

export const SERVICE_PORTS = [
  { name: 'gateway', port: 3000 },
  { name: 'user', port: 3001 },
  { name: 'concert', port: 3002 },
  { name: 'order', port: 3003 },
  { name: 'payment', port: 3004 },
  { name: 'review', port: 3005 },
] as const

export interface ServiceHealth {
  name: string
  port: number
  /** ready | degraded | unavailable (503) | not running (connection refused) | no answer | error */
  state: string
  /** failing or degraded checks, "redis: down (timeout)" */
  detail?: string
  /** running and not ready */
  unhealthy: boolean
  /** the readiness checks as the service reported them (mysql, redis, kafka, consumers) */
  checks?: Record<string, { status: string; detail?: string }>
}

interface ReadyBody {
  status?: string
  checks?: Record<string, { status: string; detail?: string }>
}

export async function serviceHealth(host = process.env.OPS_SERVICES_HOST ?? '127.0.0.1'): Promise<ServiceHealth[]> {
  return Promise.all(
    SERVICE_PORTS.map(async ({ name, port }): Promise<ServiceHealth> => {
      try {
        const res = await fetch(`http://${host}:${port}/health/ready`, { signal: AbortSignal.timeout(3000) })
        const text = await res.text()
        let body: ReadyBody = {}
        try {
          body = JSON.parse(text) as ReadyBody
        } catch {
          /* not ours? */
        }
        const bad = Object.entries(body.checks ?? {})
          .filter(([, c]) => c.status !== 'up')
          .map(([k, c]) => `${k}: ${c.status}${c.detail ? ` (${c.detail})` : ''}`)
          .join('; ')
        const state = body.status ?? (res.ok ? 'ready' : `HTTP ${res.status}`)
        return { name, port, state, ...(bad ? { detail: bad } : {}), unhealthy: !res.ok || state === 'unavailable', ...(body.checks ? { checks: body.checks } : {}) }
      } catch (err) {
        const code = (err as { cause?: { code?: string } }).cause?.code
        if (code === 'ECONNREFUSED') return { name, port, state: 'not running', unhealthy: false }
        const timeout = (err as Error).name === 'TimeoutError'
        return { name, port, state: timeout ? 'no answer' : 'error', detail: timeout ? 'no answer within 3 s' : (err as Error).message, unhealthy: true }
      }
    }),
  )
}

/**
 * The load client's HTTP: one undici Agent with a connection per fan (a load balancer in front of the
 * gateway keeps that many upstream connections open), keep-alive, and undici's own coarse timers for
 * timeouts instead of one AbortSignal timer per request, so 10,000 polling fans cost little CPU and
 * no pile of timers. Connections are opened before the sale (`warm`), so the sale's first second is
 * not a burst of TCP handshakes against the gateway's listen backlog.
 */
import { Agent, request, type Dispatcher } from 'undici'
import type { Transport } from '../../e2e/src/api.ts'

export interface PooledTransport {
  transport: Transport
  /** opens up to `connections` keep-alive connections to `url` (a cheap GET on each, all at once) */
  warm(url: string, connections: number): Promise<number>
  close(): Promise<void>
}

export function pooledTransport(connections: number): PooledTransport {
  const agent = new Agent({
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
    connect: { timeout: 10_000 },
  })
  const transport: Transport = async ({ method, url, headers, body, timeoutMs }) => {
    const response = await request(url, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    })
    const text = await response.body.text()
    return {
      status: response.statusCode,
      text,
      header(name) {
        const value = response.headers[name.toLowerCase()]
        return Array.isArray(value) ? value[0] : value
      },
    }
  }
  return {
    transport,
    async warm(url, wanted) {
      // Requests dispatched together each get a connection of their own; the gateway's listen backlog
      // may drop some SYNs (retried by the kernel), which is why this happens before the sale.
      const results = await Promise.allSettled(Array.from({ length: wanted }, () => transport({ method: 'GET', url, headers: {}, body: undefined, timeoutMs: 30_000 })))
      return results.filter((r) => r.status === 'fulfilled').length
    },
    close: () => agent.close(),
  }
}

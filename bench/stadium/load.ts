/**
 * The load client of the stadium bench, a process of its own so its CPU is measured apart from the
 * bench's (which relays the services' logs). It runs e2e's fan journey (e2e/src/sale.ts) for every fan
 * at once over a pooled HTTP client, and talks to the bench over IPC:
 *   bench → { type: 'start', … }   client opens its connections  → { type: 'ready', warmed }
 *   bench → { type: 'go' }         the sale; every 5 s           → { type: 'progress', … }
 *                                  at the end                     → { type: 'done', stats, startedAt, endedAt }
 */
import { Api, Fan } from '../../e2e/src/api.ts'
import { runSale, seeded, newStats, type ClientKind, type SaleStats } from '../../e2e/src/sale.ts'
import { pooledTransport } from './transport.ts'

export interface StartMessage {
  type: 'start'
  baseUrl: string
  fans: Array<{ userId: string; token: string; email: string; headers: Record<string, string> }>
  performanceId: string
  scheduleId: string
  client: ClientKind
  maxConflicts: number
  timeoutMs: number
  seed: number
  connections: number
}

export interface Progress {
  type: 'progress'
  at: number
  confirmedSeats: number
  fansDone: number
  gaveUp: number
  holdsWon: number
  conflicts: number
  requests: number
}

export interface DoneMessage {
  type: 'done'
  stats: SaleStats
  startedAt: number
  endedAt: number
}

function progress(stats: SaleStats): Progress {
  let requests = 0
  for (const n of stats.statuses.values()) requests += n
  return {
    type: 'progress', at: Date.now(), confirmedSeats: stats.confirmedSeats, fansDone: stats.fansDone, gaveUp: stats.fansGaveUp.length,
    holdsWon: stats.holdsWon, conflicts: stats.conflicts, requests,
  }
}

const send = (message: unknown) => new Promise<void>((done, fail) => process.send!(message, undefined, {}, (error) => (error ? fail(error) : done())))

if (!process.send) throw new Error('load.ts runs as the stadium bench\'s child process (IPC)')
// The bench went away: nothing left to report to.
process.on('disconnect', () => process.exit(1))

let start: StartMessage | undefined
const pool = { current: undefined as ReturnType<typeof pooledTransport> | undefined }

process.on('message', (message: StartMessage | { type: 'go' }) => {
  void (async () => {
    if (message.type === 'start') {
      start = message
      pool.current = pooledTransport(message.connections)
      const warmed = await pool.current.warm(`${message.baseUrl}/health/live`, Math.min(message.connections, message.fans.length))
      await send({ type: 'ready', warmed })
      return
    }
    if (!start || !pool.current) throw new Error('go before start')
    const api = new Api(start.baseUrl, pool.current.transport)
    const fans = start.fans.map((f) => new Fan(api, f.userId, f.token, f.email, f.headers))
    const stats = newStats()
    const startedAt = Date.now()
    const timer = setInterval(() => void send(progress(stats)), 5000)
    await runSale({
      api, fans, performanceId: start.performanceId, scheduleId: start.scheduleId, concurrency: fans.length,
      deadline: startedAt + start.timeoutMs, random: seeded(start.seed), maxConflicts: start.maxConflicts, client: start.client, stats,
    })
    const endedAt = Date.now()
    clearInterval(timer)
    await send({ type: 'done', stats, startedAt, endedAt } satisfies DoneMessage)
    await pool.current.close()
    process.disconnect()
  })().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
})

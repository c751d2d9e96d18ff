import { createHash, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { testServiceEnv } from '@concert/platform/testing'
import { buildUserService, type UserService } from './app.ts'
import { loadUserConfig } from './config.ts'
import { schedulesOf } from './db/schedules.ts'
import { knowSchedule } from './events/consumers.ts'

/**
 * The real user-service, in process, for other services' tests: they verify tokens against its
 * JWKS exactly as in production. Config comes from the stack env (`.data/stack.env`).
 */
export interface Identity {
  service: UserService
  baseUrl: string
  jwksUrl: string
  signUp(options?: { name?: string }): Promise<TestUser>
  admin(): Promise<TestUser>
  /**
   * Delivers a ScheduleCreatedEvent to the waiting room's schedule read model, as concert-service
   * would (defaults: on sale since a minute ago, starting in a day); returns the scheduleId.
   */
  schedule(performanceId: string, window?: Partial<ScheduleWindow>): Promise<string>
  /**
   * Joins the waiting room and polls until ACTIVE; needs a fast admission policy (the default here).
   * A performance the read model has never heard of gets a schedule on sale first (`schedule`).
   */
  admission(user: TestUser, performanceId: string): Promise<string>
  close(): Promise<void>
}

export interface ScheduleWindow {
  startsAt: Date
  endsAt: Date
  bookingOpensAt: Date
}

export interface TestUser {
  userId: string
  email: string
  password: string
  accessToken: string
  refreshToken: string
  headers: { authorization: string }
}

export function userServiceEnv(overrides: Record<string, string> = {}): Record<string, string | undefined> {
  return testServiceEnv('user', {
    QUEUE_ADMIT_PER_SECOND: '1000',
    QUEUE_TICK_MS: '20',
    // Its own admission loop only: another user-service on the same Redis (pnpm start, e2e, a bench)
    // would otherwise admit this harness's queues with its own policy.
    QUEUE_NAMESPACE: `test-${randomUUID().slice(0, 8)}`,
    SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
    ADMIN_EMAIL: process.env['ADMIN_EMAIL'] ?? 'admin@concert.test',
    // Stable per stack (derived from its generated credentials) and never committed.
    ADMIN_PASSWORD: process.env['ADMIN_PASSWORD'] ?? `admin-${createHash('sha256').update(String(process.env['USER_DATABASE_URL'])).digest('hex').slice(0, 24)}`,
    ...overrides,
  })
}

export async function startIdentity(overrides: Record<string, string> = {}): Promise<Identity> {
  const env = userServiceEnv(overrides)
  const config = loadUserConfig(env)
  const service = await buildUserService(config)
  await service.app.listen({ port: 0, host: '127.0.0.1' })
  await service.start?.()
  const { port } = service.app.server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await response.json()) as Record<string, unknown>
    if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`)
    return json
  }
  const signIn = async (email: string, password: string, userId: string): Promise<TestUser> => {
    const session = await call('POST', '/sessions', { email, password })
    const accessToken = String(session['accessToken'])
    return { userId, email, password, accessToken, refreshToken: String(session['refreshToken']), headers: { authorization: `Bearer ${accessToken}` } }
  }
  const schedule = async (performanceId: string, window: Partial<ScheduleWindow> = {}) => {
    const scheduleId = randomUUID()
    const startsAt = window.startsAt ?? new Date(Date.now() + 86_400_000)
    const endsAt = window.endsAt ?? new Date(startsAt.getTime() + 3 * 3_600_000)
    const bookingOpensAt = window.bookingOpensAt ?? new Date(Date.now() - 60_000)
    await service.db.transaction().execute((trx) => knowSchedule(trx, {
      scheduleId, performanceId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
      bookingOpensAt: bookingOpensAt.toISOString(), occurredAt: new Date().toISOString(),
    }))
    return scheduleId
  }

  return {
    service,
    baseUrl,
    jwksUrl: `${baseUrl}/.well-known/jwks.json`,
    async signUp({ name = 'Test Fan' } = {}) {
      const email = `fan-${randomUUID()}@concert.test`
      const password = `pw-${randomUUID()}`
      const user = await call('POST', '/users', { email, name, password })
      return signIn(email, password, String(user['userId']))
    },
    async admin() {
      const email = String(env['ADMIN_EMAIL'])
      const session = await call('POST', '/sessions', { email, password: String(env['ADMIN_PASSWORD']) })
      return signIn(email, String(env['ADMIN_PASSWORD']), String(session['userId']))
    },
    schedule,
    async admission(user, performanceId) {
      if ((await schedulesOf(service.db, performanceId)).length === 0) await schedule(performanceId)
      let token = await call('POST', '/tokens', { performanceId }, user.headers)
      for (let attempt = 0; attempt < 200 && token['status'] === 'WAITING'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        token = await call('GET', `/tokens/${String(token['tokenId'])}`, undefined, user.headers)
      }
      if (token['status'] !== 'ACTIVE') throw new Error(`not admitted: ${JSON.stringify(token)}`)
      return String(token['admissionToken'])
    },
    close: () => service.app.close(),
  }
}

/**
 * `pnpm seed`: loads demo data through the public API (the gateway), exactly as a frontend and an
 * admin would: a venue with graded sections, two performances with schedules, demo fans with points.
 * Run it against a system started with `pnpm start`. Safe to run twice: what exists is reused.
 * The admin is the one the running system was started with (runningAdminCredentials: the environment,
 * else .data/admin.env); seed never creates or writes credentials. Any failure is one line on stderr.
 */
import { randomUUID } from 'node:crypto'
import { runningAdminCredentials } from './start.ts'

const api = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000'

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let parsed: unknown = {}
  try {
    parsed = text ? JSON.parse(text) : {}
  } catch {
    parsed = { detail: text.slice(0, 200) }
  }
  return { status: response.status, body: parsed as T }
}

async function must<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const { status, body: json } = await call<T>(method, path, body, headers)
  if (status >= 400) throw new Error(`${method} ${path} answered ${status} ${problemOf(json)}`)
  return json
}

/** `CODE: detail` of a problem+json body, else the body itself, on one line. */
function problemOf(body: unknown): string {
  const p = body as { code?: string; title?: string; detail?: string }
  const text = p && (p.code || p.title) ? `${p.code ?? p.title}${p.detail ? `: ${p.detail}` : ''}` : JSON.stringify(body)
  return text.replace(/\s+/g, ' ').slice(0, 300)
}

async function signIn(email: string, password: string): Promise<{ authorization: string; userId: string }> {
  const session = await must<{ accessToken: string; userId: string }>('POST', '/sessions', { email, password })
  return { authorization: `Bearer ${session.accessToken}`, userId: session.userId }
}

const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString()
const days = (n: number) => minutes(n * 24 * 60)

/** Ends seed with one line on stderr: no stack trace, exit code 1. */
function fail(message: string): never {
  console.error(`pnpm seed: ${message}`)
  process.exit(1)
}
process.on('uncaughtException', (error) => fail(error.message.replace(/\s+/g, ' ')))
process.on('unhandledRejection', (error) => fail(error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error)))

try {
  await must('GET', '/health/ready')
} catch {
  fail(`the system is not answering at ${api}: start it with \`pnpm start\` in another terminal first (or set GATEWAY_URL)`)
}

let credentials: ReturnType<typeof runningAdminCredentials>
try {
  credentials = runningAdminCredentials()
} catch (error) {
  fail((error as Error).message)
}
const { ADMIN_EMAIL, ADMIN_PASSWORD, source } = credentials
const signedIn = await call<{ accessToken: string; userId: string; code?: string }>('POST', '/sessions', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
if (signedIn.status === 401) {
  fail(`the running system refused the admin ${ADMIN_EMAIL} from ${source} (401 ${signedIn.body.code ?? 'INVALID_CREDENTIALS'}): set ADMIN_EMAIL and ADMIN_PASSWORD to the ones it was started with (pnpm start: the environment it ran with, else .data/admin.env; compose: .env)`)
}
if (signedIn.status !== 200 && signedIn.status !== 201) fail(`POST /sessions as the admin answered ${signedIn.status} ${problemOf(signedIn.body)}`)
const admin = { authorization: `Bearer ${signedIn.body.accessToken}` }
const asAdmin = { authorization: admin.authorization }

const existing = await must<{ items: Array<{ performanceId: string; title: string }> }>('GET', '/performances?page=1&size=100')
const titles = new Set(existing.items.map((p) => p.title))

const TOUR = 'Stadium Tour 2027: Seoul'
const SHORT = 'Demo Night (short show: book now, review in 10 minutes)'
if (titles.has(TOUR) && titles.has(SHORT)) {
  console.log('Demo performances already exist; skipping venue and performance creation.')
} else {
  const venue = await must<{ venueId: string; totalSeats: number }>('POST', '/venues', {
    name: 'Olympic Hall',
    address: '424 Olympic-ro, Songpa-gu, Seoul',
    sections: [
      { name: 'VIP', rows: 2, seatsPerRow: 20, grade: 'VIP', price: 220_000 },
      { name: 'R', rows: 5, seatsPerRow: 24, grade: 'R', price: 165_000 },
      { name: 'S', rows: 5, seatsPerRow: 24, grade: 'S', price: 132_000 },
      { name: 'A', rows: 4, seatsPerRow: 20, grade: 'A', price: 99_000 },
    ],
  }, asAdmin)
  console.log(`venue Olympic Hall: ${venue.totalSeats} seats`)

  const tour = await must<{ performanceId: string }>('POST', '/performances', { title: TOUR, description: 'Two nights, four sections, one chance.', venueId: venue.venueId }, asAdmin)
  for (const day of [30, 31]) {
    await must('POST', `/performances/${tour.performanceId}/schedules`, { startsAt: days(day), endsAt: minutes(day * 24 * 60 + 180), bookingOpensAt: minutes(-1) }, asAdmin)
  }
  const short = await must<{ performanceId: string }>('POST', '/performances', { title: SHORT, description: 'Starts in 8 minutes and ends 2 minutes later, so a paid fan can review it right away.', venueId: venue.venueId }, asAdmin)
  await must('POST', `/performances/${short.performanceId}/schedules`, { startsAt: minutes(8), endsAt: minutes(10), bookingOpensAt: minutes(-1) }, asAdmin)
  console.log(`performances: "${TOUR}" (2 schedules), "${SHORT}" (1 schedule)`)
}

const fans = ['mina', 'joon', 'sora']
console.log('\nDemo fans (password for all: concert-demo-pass):')
for (const name of fans) {
  const email = `${name}@concert.local`
  const created = await call('POST', '/users', { email, name, password: 'concert-demo-pass' })
  if (created.status !== 201 && created.status !== 409) throw new Error(`sign-up ${email} answered ${created.status} ${problemOf(created.body)}`)
  const fan = await signIn(email, 'concert-demo-pass')
  const balance = await must<{ balance: number }>('GET', `/points/${fan.userId}`, undefined, { authorization: fan.authorization })
  if (balance.balance < 500_000) {
    await must('POST', '/points/charge', { amount: 1_000_000 }, { authorization: fan.authorization, 'idempotency-key': randomUUID() })
  }
  const now = await must<{ balance: number }>('GET', `/points/${fan.userId}`, undefined, { authorization: fan.authorization })
  console.log(`  ${email.padEnd(22)} ${String(now.balance).padStart(9)} points`)
}

console.log(`
Try it: open ${api}/docs, POST /sessions as a fan, Authorize with the accessToken, then
  POST /tokens {performanceId} → poll GET /tokens/{tokenId} until ACTIVE → use admissionToken as X-Queue-Token
  GET /schedules/{performanceId} → GET /seats/{scheduleId}?status=AVAILABLE → POST /reservations → POST /payments
Admin: ${ADMIN_EMAIL} (password from ${source}).`)

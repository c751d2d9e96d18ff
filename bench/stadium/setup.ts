/**
 * What a sale needs before it starts (not timed): a show with M seats, and N fans who have accounts,
 * enough points and a fresh access token. Fans are kept in <data dir>/bench/fans.json (email, password,
 * address, refresh token) and reused by later runs: signing up costs a scrypt hash per fan, so only
 * missing fans are signed up; the others trade their refresh token for a new access token (no hash),
 * or sign in again when it no longer works. Every request of a fan carries its own X-Forwarded-For.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes, randomUUID } from 'node:crypto'
import { Admin as AdminClient, Api, Fan, HttpError, type CallOptions, type Exchange, type SectionSpec } from '../../e2e/src/api.ts'
import type { Stack } from '../../e2e/src/stack.ts'
import { DATA_DIR } from '../../scripts/src/stack/paths.ts'

export const BENCH_DIR = join(DATA_DIR, 'bench')
const FANS_FILE = join(BENCH_DIR, 'fans.json')
export const SEAT_PRICE = 10_000
/** A fan buys at most 2 seats; a run tops balances up to this, so a failed payment is never for want of points. */
const POINTS_NEEDED = 2 * SEAT_PRICE

interface SavedFan {
  email: string
  password: string
  userId: string
  /** the address its requests come from (X-Forwarded-For): fanAddress(its place in the file) */
  ip: string
  refreshToken?: string
  accessToken?: string
  /** epoch ms */
  accessExpiresAt?: number
}

/** The fan's own address: 10.x.y.z from its number, unique up to 16 million fans. */
export const fanAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
const ADMIN_ADDRESS = '192.168.255.254'

/** Sections of at most 100 × 100 seats (the venue limits), M seats in all. */
export function sectionsFor(seats: number): SectionSpec[] {
  const sections: SectionSpec[] = []
  let left = seats
  for (let s = 0; left > 0; s++) {
    const inSection = Math.min(left, 10_000)
    const seatsPerRow = Math.min(inSection, 100)
    const rows = Math.floor(inSection / seatsPerRow)
    sections.push({ name: `S${s + 1}`, rows, seatsPerRow, grade: 'R', price: SEAT_PRICE })
    left -= rows * seatsPerRow
    if (inSection % seatsPerRow) {
      sections.push({ name: `S${s + 1}b`, rows: 1, seatsPerRow: inSection % seatsPerRow, grade: 'R', price: SEAT_PRICE })
      left -= inSection % seatsPerRow
    }
  }
  return sections
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!, i)
    }
  }))
  return out
}

function loadSaved(): SavedFan[] {
  if (!existsSync(FANS_FILE)) return []
  const fans = (JSON.parse(readFileSync(FANS_FILE, 'utf8')) as Array<SavedFan | null>).filter((f): f is SavedFan => f !== null)
  return fans.map((f, i) => ({ ...f, ip: fanAddress(i) }))
}

/** Holes (fans not done yet when a run stops half-way) are written as null and dropped on load. */
function save(fans: Array<SavedFan | undefined>): void {
  mkdirSync(BENCH_DIR, { recursive: true })
  writeFileSync(`${FANS_FILE}.tmp`, JSON.stringify(Array.from(fans, (f) => f ?? null)), { mode: 0o600 })
  renameSync(`${FANS_FILE}.tmp`, FANS_FILE)
}

interface Session { accessToken: string; refreshToken: string; userId: string; expiresIn: number }
type Ready = SavedFan & { accessToken: string }
const withExpiry = (s: SavedFan, session: Session): Ready => ({ ...s, ...session, accessExpiresAt: Date.now() + session.expiresIn * 1000 })

/** Setup calls wait long (a sign-up hashes a password on a busy machine) and retry outages. */
async function call<T>(api: Api, method: string, path: string, options: CallOptions): Promise<Exchange<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const x = await api.call<T>(method, path, { timeoutMs: 120_000, ...options })
      if (attempt >= 5 || (x.status !== 429 && x.status < 502)) return x
    } catch (error) {
      if (attempt >= 5) throw error
    }
    await new Promise((r) => setTimeout(r, 1000 * attempt))
  }
}

async function expect<T>(api: Api, status: number, method: string, path: string, options: CallOptions): Promise<T> {
  const x = await call<T>(api, method, path, options)
  if (x.status !== status) throw new HttpError(x, String(status))
  return x.body
}

async function signUp(api: Api, ip: string): Promise<Ready> {
  const email = `stadium-${randomBytes(8).toString('hex')}@bench.concert.local`
  const password = `pw-${randomBytes(12).toString('base64url')}`
  const headers = { 'x-forwarded-for': ip }
  const user = await expect<{ userId: string }>(api, 201, 'POST', '/users', { body: { email, name: 'Stadium Fan', password }, headers })
  const session = await expect<Session>(api, 200, 'POST', '/sessions', { body: { email, password }, headers })
  if (session.userId !== user.userId) throw new Error(`sign-in returned userId ${session.userId}, sign-up ${user.userId}`)
  return withExpiry({ email, password, ip, userId: user.userId }, session)
}

/** A fresh access token: refresh token first (no password hash), password when that is gone. */
async function session(api: Api, saved: SavedFan): Promise<Ready> {
  const headers = { 'x-forwarded-for': saved.ip }
  if (saved.refreshToken) {
    const x = await call<Session>(api, 'POST', '/sessions/refresh', { body: { refreshToken: saved.refreshToken }, headers })
    if (x.status === 200) return withExpiry(saved, x.body)
  }
  return withExpiry(saved, await expect<Session>(api, 200, 'POST', '/sessions', { body: { email: saved.email, password: saved.password }, headers }))
}

/** The saved fans whose accounts still exist (a reset stack has none of them). */
async function existing(stack: Stack, saved: SavedFan[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < saved.length; i += 1000) {
    const rows: Array<{ id: string }> = await stack.db.user.selectFrom('user').select('id').where('id', 'in', saved.slice(i, i + 1000).map((f) => f.userId)).execute()
    for (const r of rows) found.add(r.id)
  }
  return found
}

/**
 * N fans signed in (fresh access tokens) with at least POINTS_NEEDED points each; reuses and updates
 * the saved fans. Progress goes to `log`.
 */
export async function prepareFans(api: Api, stack: Stack, count: number, validForMs: number, log: (line: string) => void): Promise<Fan[]> {
  const known = await existing(stack, loadSaved())
  // Every saved fan stays in the file; the first `count` take part.
  const saved: Array<SavedFan | undefined> = loadSaved().filter((f) => known.has(f.userId)).map((f, i) => ({ ...f, ip: fanAddress(i) }))
  const reused = Math.min(saved.length, count)
  // A saved access token is kept if it outlives the sale, and if one sample still works (signing keys rotate).
  const keepUntil = Date.now() + validForMs
  const usable = (f: SavedFan | undefined) => !!f?.accessToken && (f.accessExpiresAt ?? 0) > keepUntil
  const sample = saved.slice(0, reused).find(usable)
  const tokensWork = !!sample && (await call(api, 'GET', `/points/${sample.userId}`, { token: sample.accessToken!, headers: { 'x-forwarded-for': sample.ip } })).status === 200
  const refresh = saved.slice(0, reused).filter((f) => !tokensWork || !usable(f)).length
  log(`fans: ${reused} saved (${refresh} need a new access token), ${count - reused} to sign up (a password hash each: slow once, then cached in ${FANS_FILE})`)
  const ready: Ready[] = new Array(count)
  let done = 0
  const tick = () => { if (++done % 1000 === 0) log(`  … ${done}/${count}`) }
  const one = async (i: number) => {
    const s = saved[i]
    const fan = s && tokensWork && usable(s) ? (s as Ready) : s ? await session(api, s) : await signUp(api, fanAddress(i))
    ready[i] = fan
    // Refresh tokens rotate: keep the new ones, even if this run stops half-way.
    saved[i] = { email: fan.email, password: fan.password, userId: fan.userId, ip: fan.ip, refreshToken: fan.refreshToken, accessToken: fan.accessToken, accessExpiresAt: fan.accessExpiresAt }
    if (done % 500 === 0) save(saved)
    tick()
  }
  // Token refreshes are cheap; sign-ups hash on user-service's libuv threads, ~2 per core is all that helps.
  await inBatches(Array.from({ length: reused }, (_, i) => i), 16, one)
  await inBatches(Array.from({ length: count - reused }, (_, i) => reused + i), 4, one)
  save(saved)

  // Points: one query for every balance, a charge only where it is short.
  const ids = ready.map((f) => f.userId)
  const balances = new Map<string, number>()
  for (let i = 0; i < ids.length; i += 1000) {
    const rows: Array<{ user_id: string; balance: number }> = await stack.db.payment.selectFrom('point').select(['user_id', 'balance']).where('user_id', 'in', ids.slice(i, i + 1000)).execute()
    for (const r of rows) balances.set(r.user_id, Number(r.balance))
  }
  const short = ready.filter((f) => (balances.get(f.userId) ?? 0) < POINTS_NEEDED)
  if (short.length) log(`charging ${short.length} fans with points`)
  const fans = ready.map((f) => new Fan(api, f.userId, f.accessToken, f.email, { 'x-forwarded-for': f.ip }))
  await inBatches(short, 16, (f) => expect(api, 200, 'POST', '/points/charge', {
    token: f.accessToken, body: { amount: 10 * POINTS_NEEDED }, headers: { 'x-forwarded-for': f.ip, 'idempotency-key': randomUUID() },
  }))
  for (const fan of fans) api.scope.users.add(fan.userId)
  return fans
}

/**
 * The admin signed in from an address of its own (sign-in attempts are counted per address, and
 * 127.0.0.1 is shared with every test on the machine), waiting out a 429; the password never appears
 * in an error.
 */
export async function signInAdmin(api: Api, email: string, password: string, scheduleKnown: (scheduleId: string) => Promise<void>): Promise<AdminClient> {
  const deadline = Date.now() + 120_000
  for (;;) {
    const x = await call<{ accessToken: string }>(api, 'POST', '/sessions', { body: { email, password }, headers: { 'x-forwarded-for': ADMIN_ADDRESS } })
    if (x.status === 200) return new AdminClient(api, x.body.accessToken, scheduleKnown)
    if (x.status !== 429 || Date.now() > deadline) throw new Error(`admin sign-in (${email}) answered ${x.status} ${JSON.stringify(x.body)}`)
    await new Promise((r) => setTimeout(r, 5000))
  }
}

/** A venue of M seats, a performance and one schedule open for booking now. */
export async function createShow(admin: AdminClient, seats: number) {
  const show = await admin.createShow({ sections: sectionsFor(seats) })
  if (show.seats.length !== seats) throw new Error(`the schedule has ${show.seats.length} seats, wanted ${seats}`)
  return show
}

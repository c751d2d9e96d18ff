/**
 * A small typed HTTP client for the flows a frontend runs, against the gateway only (SPEC §5).
 * Every failure carries the whole HTTP exchange, so a red test says exactly what a service answered.
 */
import { randomBytes, randomUUID } from 'node:crypto'

export interface Exchange<T = unknown> {
  method: string
  path: string
  requestBody: unknown
  status: number
  body: T
  contentType: string | null
  /** the response's ETag, when it has one (conditional reads answer 304 with no body) */
  etag?: string
}

export function describeExchange(x: Exchange): string {
  const req = x.requestBody === undefined ? '' : ` ${JSON.stringify(x.requestBody)}`
  return `${x.method} ${x.path}${req} → ${x.status} ${x.contentType ?? ''} ${JSON.stringify(x.body)}`
}

export class HttpError extends Error {
  constructor(readonly exchange: Exchange, expected: string) {
    super(`expected ${expected}: ${describeExchange(exchange)}`)
  }
}

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
}

export interface Page<T> {
  items: T[]
  page: number
  size: number
  total: number
}

export type TokenStatus = 'WAITING' | 'ACTIVE' | 'USED' | 'EXPIRED'
export interface TokenView {
  tokenId: string
  performanceId: string
  status: TokenStatus
  position: number
  etaSeconds: number
  admissionToken?: string
  expiresAt?: string
}

export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD'
export interface Seat {
  seatId: number
  section: string
  row: number | string
  number: number
  grade: string
  price: number
  status: SeatStatus
}

export interface ScheduleView {
  scheduleId: string
  startsAt: string
  endsAt: string
  bookingOpensAt: string
  availableSeats: number
  totalSeats: number
}

export type ReservationStatus = 'PENDING' | 'HELD' | 'CONFIRMED' | 'CANCELLED' | 'EXPIRED'
export type OrderStatus = 'PENDING' | 'PAYMENT_PROCESSING' | 'PAID' | 'CANCELLED' | 'REFUND_REQUESTED' | 'REFUNDED'
export interface ReservationCreated {
  reservationId: string
  orderId: string
  status: 'PENDING'
  scheduleId: string
  seatIds: number[]
  expiresAt: string
}
export interface ReservationView {
  reservationId: string
  orderId: string
  userId: string
  scheduleId: string
  performanceId?: string
  seats: Array<{ seatId: number; price?: number }>
  amount?: number
  status: ReservationStatus
  orderStatus: OrderStatus
  expiresAt: string
  failureReason?: string
  createdAt: string
  updatedAt: string
}

export type PaymentStatus = 'REQUESTED' | 'COMPLETED' | 'CANCELLED' | 'REJECTED' | 'REFUNDED'
export interface PaymentView {
  paymentId: string
  orderId: string
  amount?: number
  status: PaymentStatus
  failureReason?: string
}

export interface Balance {
  userId: string
  balance: number
  updatedAt?: string
}
export interface PointTransaction {
  transactionId?: string
  type: string
  amount: number
  [k: string]: unknown
}
export interface Notification {
  type: string
  [k: string]: unknown
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Polls `probe` until `done(value)` holds; on timeout throws with the last value seen, so the
 * failure shows where the saga stopped. Never a sleep-as-assertion: the condition is the assertion.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  let lastError: unknown
  for (;;) {
    try {
      last = await probe()
      if (done(last)) return last
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      const seen = last === undefined ? '' : ` last seen: ${JSON.stringify(last)}`
      const err = lastError ? ` last error: ${(lastError as Error).message}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what};${seen}${err}`)
    }
    await sleep(intervalMs)
  }
}

/** What this test file created; invariants and snapshots are scoped to it. */
export class Scope {
  readonly users = new Set<string>()
  readonly performances = new Set<string>()
  readonly schedules = new Set<string>()
}

/** One HTTP request as the client sends it; a Transport answers it or throws on a network failure. */
export interface TransportRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: string | undefined
  timeoutMs: number
}
export interface TransportResponse {
  status: number
  text: string
  header(name: string): string | undefined
}
export type Transport = (request: TransportRequest) => Promise<TransportResponse>

/** fetch with a per-request timeout: fine for tests; benchmarks pass a pooled client (bench/stadium/transport.ts). */
export const fetchTransport: Transport = async ({ method, url, headers, body, timeoutMs }) => {
  const response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) })
  const text = await response.text()
  return { status: response.status, text, header: (name) => response.headers.get(name) ?? undefined }
}

export interface CallOptions {
  body?: unknown
  token?: string
  headers?: Record<string, string>
  /** how long to wait for the answer (default 15 s; a long poll needs its wait on top) */
  timeoutMs?: number
}

export class Api {
  readonly scope = new Scope()
  constructor(readonly baseUrl: string, private readonly transport: Transport = fetchTransport) {}

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<Exchange<T>> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.token) headers['authorization'] = `Bearer ${options.token}`
    const response = await this.transport({
      method,
      url: `${this.baseUrl}${path}`,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      timeoutMs: options.timeoutMs ?? 15_000,
    })
    const { text } = response
    let body: unknown = text
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      /* keep the text */
    }
    const etag = response.header('etag')
    return {
      method, path, requestBody: options.body, status: response.status, body: body as T, contentType: response.header('content-type') ?? null,
      ...(etag ? { etag } : {}),
    }
  }

  /** The call must answer one of `statuses`, else HttpError with the exchange. */
  async expect<T>(statuses: number | number[], method: string, path: string, options: CallOptions = {}): Promise<T> {
    const x = await this.call<T>(method, path, options)
    const ok = Array.isArray(statuses) ? statuses : [statuses]
    if (!ok.includes(x.status)) throw new HttpError(x, ok.join('|'))
    return x.body
  }

  // ---- public ---------------------------------------------------------------------------------

  schedules(performanceId: string) {
    return this.expect<ScheduleView[] | Page<ScheduleView>>(200, 'GET', `/schedules/${performanceId}`).then((b) => (Array.isArray(b) ? b : b.items))
  }

  async schedule(performanceId: string, scheduleId: string): Promise<ScheduleView | undefined> {
    return (await this.schedules(performanceId)).find((s) => s.scheduleId === scheduleId)
  }

  seats(scheduleId: string, status?: SeatStatus): Promise<Seat[]> {
    return this.expect<Seat[] | Page<Seat>>(200, 'GET', `/seats/${scheduleId}${status ? `?status=${status}` : ''}`).then((b) => (Array.isArray(b) ? b : b.items))
  }

  reviews(performanceId: string) {
    return this.expect<Page<unknown> & { performanceId: string; averageRating: number | null; count: number }>(200, 'GET', `/reviews/${performanceId}`)
  }

  // ---- accounts -------------------------------------------------------------------------------

  /** `headers` go with every request of the fan (e.g. the X-Forwarded-For a load balancer would add). */
  async signUp(prefix = 'fan', headers: Record<string, string> = {}): Promise<Fan> {
    const email = `${prefix}-${randomBytes(6).toString('hex')}@e2e.concert.local`
    const password = `pw-${randomBytes(9).toString('base64url')}`
    const created = await this.expect<{ userId: string; email: string; name: string }>(201, 'POST', '/users', { body: { email, name: prefix, password }, headers })
    this.scope.users.add(created.userId)
    const fan = await this.signIn(email, password, headers)
    if (fan.userId !== created.userId) throw new Error(`sign-in returned userId ${fan.userId}, sign-up ${created.userId}`)
    return fan
  }

  async signIn(email: string, password: string, headers: Record<string, string> = {}): Promise<Fan> {
    const session = await this.expect<{ accessToken: string; expiresIn: number; userId: string }>(200, 'POST', '/sessions', { body: { email, password }, headers })
    return new Fan(this, session.userId, session.accessToken, email, headers)
  }

  /** `scheduleKnown`: waits until a new schedule has reached the read models (see Admin). */
  async signInAdmin(email: string, password: string, scheduleKnown?: (scheduleId: string) => Promise<void>): Promise<Admin> {
    const session = await this.expect<{ accessToken: string; userId: string }>(200, 'POST', '/sessions', { body: { email, password } })
    return new Admin(this, session.accessToken, scheduleKnown)
  }
}

export interface SectionSpec {
  name: string
  rows: number
  seatsPerRow: number
  grade: string
  price: number
}

export interface Show {
  venueId: string
  performanceId: string
  scheduleId: string
  seats: Seat[]
  startsAt: Date
  endsAt: Date
}

export class Admin {
  /**
   * `scheduleKnown` is awaited after each schedule is created: order-service (holds) and user-service
   * (waiting-room joins) learn of it from ScheduleCreatedEvent one Kafka hop later, and a show is
   * only ready to sell once they have.
   */
  constructor(readonly api: Api, readonly token: string, private readonly scheduleKnown?: (scheduleId: string) => Promise<void>) {}

  createVenue(sections: SectionSpec[]) {
    return this.api.expect<{ venueId: string; totalSeats?: number }>(201, 'POST', '/venues', {
      token: this.token,
      body: { name: `E2E Hall ${randomBytes(3).toString('hex')}`, address: '1 Test-ro, Seoul', sections },
    })
  }

  async createPerformance(venueId: string, title = `E2E ${randomBytes(3).toString('hex')}`) {
    const p = await this.api.expect<{ performanceId: string }>(201, 'POST', '/performances', {
      token: this.token,
      body: { title, description: 'end-to-end test performance', venueId },
    })
    this.api.scope.performances.add(p.performanceId)
    return p
  }

  async createSchedule(performanceId: string, times: { startsAt: Date; endsAt: Date; bookingOpensAt: Date }) {
    const s = await this.api.expect<{ scheduleId: string }>(201, 'POST', `/performances/${performanceId}/schedules`, {
      token: this.token,
      body: { startsAt: times.startsAt.toISOString(), endsAt: times.endsAt.toISOString(), bookingOpensAt: times.bookingOpensAt.toISOString() },
    })
    this.api.scope.schedules.add(s.scheduleId)
    await this.scheduleKnown?.(s.scheduleId)
    return s
  }

  /**
   * A venue, a performance and one schedule. Defaults: one section of 2×5 seats at 10,000,
   * bookable now, starting in a day.
   */
  async createShow(options: { sections?: SectionSpec[]; startsAt?: Date; endsAt?: Date; bookingOpensAt?: Date } = {}): Promise<Show> {
    const sections = options.sections ?? [{ name: 'A', rows: 2, seatsPerRow: 5, grade: 'R', price: 10_000 }]
    const venue = await this.createVenue(sections)
    const { performanceId } = await this.createPerformance(venue.venueId)
    const startsAt = options.startsAt ?? new Date(Date.now() + 86_400_000)
    const endsAt = options.endsAt ?? new Date(startsAt.getTime() + 3 * 3600_000)
    const bookingOpensAt = options.bookingOpensAt ?? new Date(Date.now() - 60_000)
    const { scheduleId } = await this.createSchedule(performanceId, { startsAt, endsAt, bookingOpensAt })
    const seats = await this.api.seats(scheduleId)
    return { venueId: venue.venueId, performanceId, scheduleId, seats, startsAt, endsAt }
  }
}

export class Fan {
  /** `headers` go with every request of this fan (e.g. its own X-Forwarded-For) */
  constructor(readonly api: Api, readonly userId: string, readonly token: string, readonly email: string, readonly headers: Record<string, string> = {}) {}

  private opts(extra: { body?: unknown; headers?: Record<string, string> } = {}) {
    return { token: this.token, ...extra, headers: { ...this.headers, ...extra.headers } }
  }

  // ---- waiting room ---------------------------------------------------------------------------

  /**
   * Joins the waiting room. user-service learns of a performance from concert-service's
   * ScheduleCreatedEvent a moment after it was created, so a 404 PERFORMANCE_NOT_FOUND is retried
   * for a while, backing off (joins are limited to 20 a minute per fan).
   */
  async joinQueue(performanceId: string): Promise<TokenView> {
    for (let delayMs = 50, waitedMs = 0; ; waitedMs += delayMs, delayMs = Math.min(delayMs * 2, 2000)) {
      const x = await this.api.call<TokenView | Problem>('POST', '/tokens', this.opts({ body: { performanceId } }))
      if (x.status === 200 || x.status === 201) return x.body as TokenView
      if (x.status !== 404 || (x.body as Problem).code !== 'PERFORMANCE_NOT_FOUND' || waitedMs >= 20_000) throw new HttpError(x, '200|201')
      await sleep(delayMs)
    }
  }

  getToken(tokenId: string) {
    return this.api.expect<TokenView>(200, 'GET', `/tokens/${tokenId}`, this.opts())
  }

  /** Joins the waiting room and polls until ACTIVE; returns the token view with its admissionToken. */
  async admitted(performanceId: string, timeoutMs = 30_000): Promise<TokenView & { admissionToken: string }> {
    const joined = await this.joinQueue(performanceId)
    const active = await eventually(`token ${joined.tokenId} ACTIVE`, () => this.getToken(joined.tokenId), (t) => t.status === 'ACTIVE' || t.status === 'EXPIRED' || t.status === 'USED', { timeoutMs, intervalMs: 50 })
    if (active.status !== 'ACTIVE' || !active.admissionToken) throw new Error(`waiting room gave ${JSON.stringify(active)} instead of ACTIVE with an admissionToken`)
    return active as TokenView & { admissionToken: string }
  }

  // ---- reservations ---------------------------------------------------------------------------

  reserveRaw(scheduleId: string, seatIds: number[], queueToken: string, idempotencyKey: string = randomUUID()) {
    return this.api.call<ReservationCreated | Problem>('POST', '/reservations', this.opts({
      body: { scheduleId, seatIds },
      headers: { 'x-queue-token': queueToken, 'idempotency-key': idempotencyKey },
    }))
  }

  async reserve(scheduleId: string, seatIds: number[], queueToken: string, idempotencyKey: string = randomUUID()): Promise<ReservationCreated> {
    const x = await this.reserveRaw(scheduleId, seatIds, queueToken, idempotencyKey)
    if (x.status !== 201) throw new HttpError(x, '201')
    return x.body as ReservationCreated
  }

  reservation(reservationId: string) {
    return this.api.expect<ReservationView>(200, 'GET', `/reservations/${reservationId}`, this.opts())
  }

  reservations() {
    return this.api.expect<Page<ReservationView> | ReservationView[]>(200, 'GET', '/reservations', this.opts()).then((b) => (Array.isArray(b) ? b : b.items))
  }

  /** Polls the reservation until its status is one of `statuses`; throws (with the last view) otherwise. */
  waitReservation(reservationId: string, statuses: ReservationStatus | ReservationStatus[], timeoutMs = 30_000, extra: (r: ReservationView) => boolean = () => true) {
    const want = Array.isArray(statuses) ? statuses : [statuses]
    return eventually(`reservation ${reservationId} ${want.join('|')}`, () => this.reservation(reservationId), (r) => want.includes(r.status) && extra(r), { timeoutMs })
  }

  cancelRaw(reservationId: string) {
    return this.api.call<ReservationView | Problem>('DELETE', `/reservations/${reservationId}`, this.opts())
  }

  /** POST /reservations/{id}/cancellation: a hold is released (200), a paid booking refunded (202). */
  cancellationRaw(reservationId: string, idempotencyKey: string = randomUUID()) {
    return this.api.call<ReservationView | Problem>('POST', `/reservations/${reservationId}/cancellation`, this.opts({ headers: { 'idempotency-key': idempotencyKey } }))
  }

  // ---- points and payments --------------------------------------------------------------------

  charge(amount: number, idempotencyKey: string = randomUUID()) {
    return this.api.expect<{ userId: string; balance: number; transactionId: string }>(200, 'POST', '/points/charge', this.opts({ body: { amount }, headers: { 'idempotency-key': idempotencyKey } }))
  }

  balance() {
    return this.api.expect<Balance>(200, 'GET', `/points/${this.userId}`, this.opts())
  }

  transactions() {
    return this.api.expect<Page<PointTransaction> | PointTransaction[]>(200, 'GET', `/points/${this.userId}/transactions`, this.opts()).then((b) => (Array.isArray(b) ? b : b.items))
  }

  payRaw(orderId: string, idempotencyKey: string = randomUUID(), headers: Record<string, string> = {}) {
    return this.api.call<PaymentView | Problem>('POST', '/payments', this.opts({ body: { orderId }, headers: { 'idempotency-key': idempotencyKey, ...headers } }))
  }

  async pay(orderId: string, idempotencyKey: string = randomUUID(), headers: Record<string, string> = {}): Promise<PaymentView> {
    const x = await this.payRaw(orderId, idempotencyKey, headers)
    if (x.status !== 202) throw new HttpError(x, '202')
    return x.body as PaymentView
  }

  payment(paymentId: string) {
    return this.api.expect<PaymentView>(200, 'GET', `/payments/${paymentId}`, this.opts())
  }

  waitPayment(paymentId: string, statuses: PaymentStatus | PaymentStatus[], timeoutMs = 30_000) {
    const want = Array.isArray(statuses) ? statuses : [statuses]
    return eventually(`payment ${paymentId} ${want.join('|')}`, () => this.payment(paymentId), (p) => want.includes(p.status), { timeoutMs })
  }

  notifications() {
    return this.api.expect<Page<Notification> | Notification[]>(200, 'GET', '/notifications', this.opts()).then((b) => (Array.isArray(b) ? b : b.items))
  }

  // ---- reviews --------------------------------------------------------------------------------

  reviewRaw(performanceId: string, rating: number, content: string) {
    return this.api.call<unknown>('POST', '/reviews', this.opts({ body: { performanceId, rating, content } }))
  }
}

/**
 * Issue 8, the fairness holes, closed — through the gateway only, as a fan's client would see them:
 * the per-fan ticket limit, ended admissions, a stranger's payment for someone else's order, an
 * admission of another performance, the waiting room of a performance that does not exist, an
 * oversized body, and refresh-token rotation.
 */
import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { eventually, sleep, type Exchange, type Fan, type Show } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'
import { waitOrderPayable } from '../src/read-models.ts'

const sys = await startSystem(t, { label: 'fair-sale' })

/** One row of `seats` seats, on sale now (createShow returns once the read models know the schedule). */
const show = (seats = 10): Promise<Show> => sys.admin.createShow({ sections: [{ name: 'A', rows: 1, seatsPerRow: seats, grade: 'R', price: 10_000 }] })

function isProblem(t: Test, x: Exchange, status: number, code: string, what: string) {
  t.equal(x.status, status, `${what}: ${status} (${JSON.stringify(x.body)})`)
  t.match(x.contentType, /^application\/problem\+json/, `${what}: problem+json`)
  t.match(x.body, { status, code }, `${what}: code ${code}`)
}

/** Holds `seatIds` and waits until HELD and payable; returns the reservation. */
async function hold(fan: Fan, s: Show, seatIds: number[], admission: string) {
  const created = await fan.reserve(s.scheduleId, seatIds, admission)
  await fan.waitReservation(created.reservationId, 'HELD')
  await waitOrderPayable(sys.stack, created.reservationId)
  return created
}

async function payAndConfirm(fan: Fan, orderId: string, reservationId: string) {
  const payment = await fan.pay(orderId)
  await fan.waitReservation(reservationId, 'CONFIRMED')
  await fan.waitPayment(payment.paymentId, 'COMPLETED')
  return payment
}

/** A new admission once the previous one has ended (the waiting room hands back a live token otherwise). */
async function nextAdmission(fan: Fan, s: Show, previousTokenId: string) {
  await eventually(`token ${previousTokenId} USED`, () => fan.getToken(previousTokenId), (v) => v.status === 'USED' || v.status === 'EXPIRED')
  const next = await fan.admitted(s.performanceId)
  if (next.tokenId === previousTokenId) throw new Error('the waiting room handed back the ended token')
  return next
}

const seatStatus = async (s: Show, seatIds: number[]) => (await sys.api.seats(s.scheduleId)).filter((seat) => seatIds.includes(seat.seatId)).map((seat) => seat.status)

t.test('a hoarding fan stops at TICKETS_PER_FAN_PER_PERFORMANCE (4): 409 TICKET_LIMIT, across admissions', async (t) => {
  const s = await show()
  const ids = s.seats.map((seat) => seat.seatId)
  const fan = await sys.api.signUp('hoarder')
  await fan.charge(200_000)

  const first = await fan.admitted(s.performanceId)
  const bought = await hold(fan, s, ids.slice(0, 3), first.admissionToken)
  await payAndConfirm(fan, bought.orderId, bought.reservationId)

  const second = await nextAdmission(fan, s, first.tokenId)
  const over = await fan.reserveRaw(s.scheduleId, ids.slice(3, 5), second.admissionToken)
  isProblem(t, over, 409, 'TICKET_LIMIT', '3 bought + 2 requested')
  t.match(over.body, { limit: 4, held: 3, requested: 2 }, 'the problem says limit 4, held 3, requested 2')
  t.same(await seatStatus(s, ids.slice(3, 5)), ['AVAILABLE', 'AVAILABLE'], 'the refused seats were never held')

  const fourth = await hold(fan, s, [ids[3]!], second.admissionToken)
  t.pass('3 bought + 1 requested = 4: held')
  const again = await fan.reserveRaw(s.scheduleId, [ids[4]!], second.admissionToken)
  isProblem(t, again, 409, 'HOLD_EXISTS', 'the same admission while its hold is live')
  t.match(again.body, { reservationId: fourth.reservationId }, 'HOLD_EXISTS names the live hold')
  await payAndConfirm(fan, fourth.orderId, fourth.reservationId)

  const third = await nextAdmission(fan, s, second.tokenId)
  const fifth = await fan.reserveRaw(s.scheduleId, [ids[4]!], third.admissionToken)
  isProblem(t, fifth, 409, 'TICKET_LIMIT', '4 bought + 1 requested with a fresh admission')
  t.match(fifth.body, { limit: 4, held: 4, requested: 1 }, 'limit 4, held 4, requested 1')

  const seats = await sys.api.seats(s.scheduleId)
  t.equal(seats.filter((seat) => seat.status === 'SOLD').length, 4, 'exactly 4 seats sold to the hoarder')
  t.equal(seats.filter((seat) => seat.status === 'AVAILABLE').length, 6, 'the other 6 stay AVAILABLE for everyone else')
  t.equal((await fan.reservations()).length, 2, 'two reservations: no row for any refused hold')
  await sys.settle(t)
})

t.test('an admission whose payment completed has ended: 403 ADMISSION_USED', async (t) => {
  const s = await show()
  const fan = await sys.api.signUp('used-admission')
  await fan.charge(50_000)
  const token = await fan.admitted(s.performanceId)
  const r = await hold(fan, s, [s.seats[0]!.seatId], token.admissionToken)
  await payAndConfirm(fan, r.orderId, r.reservationId)

  const reuse = await fan.reserveRaw(s.scheduleId, [s.seats[1]!.seatId], token.admissionToken)
  isProblem(t, reuse, 403, 'ADMISSION_USED', 'holding again with the admission of a completed payment')
  t.same(await seatStatus(s, [s.seats[1]!.seatId]), ['AVAILABLE'], 'the seat was never held')
  t.equal((await fan.reservations()).length, 1, 'no second reservation')
  await sys.settle(t)
})

t.test("a stranger's POST /payments for the owner's order is 404 and never blocks the owner", async (t) => {
  const s = await show()
  const owner = await sys.api.signUp('pay-owner')
  const stranger = await sys.api.signUp('pay-stranger')
  await owner.charge(50_000)
  await stranger.charge(50_000)
  const token = await owner.admitted(s.performanceId)
  const r = await hold(owner, s, [s.seats[0]!.seatId], token.admissionToken)

  const sameKey = randomUUID()
  const attempt = await stranger.payRaw(r.orderId, sameKey)
  isProblem(t, attempt, 404, 'ORDER_NOT_FOUND', "the stranger pays the owner's order")
  const rows = await sys.stack.db.payment.selectFrom('payment').select(['id', 'user_id']).where('order_id', '=', r.orderId).execute()
  t.same(rows, [], 'no payment row was written for the order')

  const paid = await owner.payRaw(r.orderId, sameKey)
  t.equal(paid.status, 202, `the owner pays at once, even with the same Idempotency-Key: ${JSON.stringify(paid.body)}`)
  const payment = paid.body as { paymentId: string }
  const confirmed = await owner.waitReservation(r.reservationId, 'CONFIRMED')
  t.equal(confirmed.orderStatus, 'PAID', 'the order is PAID')
  t.equal((await owner.waitPayment(payment.paymentId, 'COMPLETED')).status, 'COMPLETED', 'the payment COMPLETED')
  await sys.settle(t)
  t.equal((await stranger.balance()).balance, 50_000, "the stranger's points are untouched")
  t.equal((await owner.balance()).balance, 40_000, 'the owner paid 10,000 once')
})

t.test('an admission for P2 cannot hold seats of P1: 403 ADMISSION_WRONG_PERFORMANCE at once, nothing blocked', async (t) => {
  const p1 = await show()
  const p2 = await show()
  const fan = await sys.api.signUp('wrong-performance')
  const other = await sys.api.signUp('right-performance')
  const admissionP2 = await fan.admitted(p2.performanceId)
  const seatIds = [p1.seats[0]!.seatId, p1.seats[1]!.seatId]

  const x = await fan.reserveRaw(p1.scheduleId, seatIds, admissionP2.admissionToken)
  isProblem(t, x, 403, 'ADMISSION_WRONG_PERFORMANCE', "P2's admission on P1's schedule")
  t.same(await seatStatus(p1, seatIds), ['AVAILABLE', 'AVAILABLE'], 'no seat of P1 is held')
  t.equal((await fan.reservations()).length, 0, 'no reservation was created')

  const admissionP1 = await other.admitted(p1.performanceId)
  const created = await other.reserve(p1.scheduleId, seatIds, admissionP1.admissionToken)
  t.equal((await other.waitReservation(created.reservationId, ['HELD', 'CANCELLED'])).status, 'HELD', 'another fan holds the same seats right after')
  await sys.settle(t)
})

t.test('POST /tokens for a performance that does not exist: 404 PERFORMANCE_NOT_FOUND', async (t) => {
  const fan = await sys.api.signUp('no-such-performance')
  const x = await sys.api.call('POST', '/tokens', { token: fan.token, body: { performanceId: randomUUID() } })
  isProblem(t, x, 404, 'PERFORMANCE_NOT_FOUND', 'joining the waiting room of a random performance id')
  const rows = await sys.stack.db.user.selectFrom('token').select('id').where('user_id', '=', fan.userId).execute()
  t.same(rows, [], 'no waiting-room token was created')
})

/**
 * Sends `size` bytes as one JSON body (Content-Length, or chunked) and returns the answer. Like a
 * browser, it stops uploading once the server has answered: an early 413 is the answer, not an error.
 */
function bigPost(path: string, size: number, headers: Record<string, string>, chunked = false): Promise<{ status: number; headers: Record<string, unknown>; body: string; ms: number }> {
  const url = new URL(sys.system.gatewayUrl)
  const started = Date.now()
  const body = Buffer.alloc(size, 'a')
  body.write('{"scheduleId":"')
  body.write('"}', size - 2)
  return new Promise((resolve, reject) => {
    let answered = false
    const req = request({
      host: url.hostname, port: url.port, method: 'POST', path, agent: false,
      headers: { 'content-type': 'application/json', ...headers, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) }) },
    }, (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), ms: Date.now() - started }))
    })
    req.on('error', (error) => {
      if (!answered) reject(new Error(`no answer before the connection failed while uploading: ${error.message}`))
    })
    void (async () => {
      for (let i = 0; i < size && !answered && !req.destroyed; i += 64 * 1024) {
        if (!req.write(body.subarray(i, i + 64 * 1024))) await new Promise((done) => { req.once('drain', done); req.once('close', done) })
        await new Promise((done) => setImmediate(done))
      }
      if (!answered && !req.destroyed) req.end()
    })()
  })
}

t.test('a 5 MB body is refused by the gateway itself: 413 PAYLOAD_TOO_LARGE, problem+json, no Retry-After', async (t) => {
  const fan = await sys.api.signUp('big-body')
  const token = randomUUID()
  for (const chunked of [false, true]) {
    const requestId = `fair-sale-5mb-${chunked ? 'chunked' : 'length'}-${randomUUID()}`
    const x = await bigPost('/reservations', 5 * 1024 * 1024, {
      authorization: `Bearer ${fan.token}`, 'x-queue-token': 'not-needed', 'idempotency-key': token, 'x-request-id': requestId,
    }, chunked)
    const what = chunked ? '5 MB chunked' : '5 MB with Content-Length'
    t.equal(x.status, 413, `${what}: 413 (${x.body.slice(0, 200)})`)
    t.match(String(x.headers['content-type']), /^application\/problem\+json/, `${what}: problem+json`)
    t.match(JSON.parse(x.body || '{}'), { status: 413, code: 'PAYLOAD_TOO_LARGE' }, `${what}: code PAYLOAD_TOO_LARGE`)
    t.equal(x.headers['retry-after'], undefined, `${what}: no Retry-After (retrying the same body cannot help)`)
    t.notMatch(x.body, /FST_/, `${what}: no Fastify internals`)

    // Answered by the gateway: order-service never saw the request (a small one with its own id does show up there).
    const controlId = `fair-sale-control-${randomUUID()}`
    await sys.api.call('GET', '/reservations', { token: fan.token, headers: { 'x-request-id': controlId } })
    const orderLog = join(sys.system.logDir, 'order.log')
    await eventually('the control request in order.log', async () => readFileSync(orderLog, 'utf8'), (log) => log.includes(controlId), { timeoutMs: 5000 })
    await sleep(200)
    t.notOk(readFileSync(orderLog, 'utf8').includes(requestId), `${what}: order-service never received it (x-request-id ${requestId})`)
  }
})

t.test('sign-in returns a refresh token; POST /sessions/refresh rotates it; reuse revokes the family; sign-out', async (t) => {
  const password = `pw-${randomUUID()}`
  const email = `refresh-${randomUUID().slice(0, 8)}@e2e.concert.local`
  const created = await sys.api.expect<{ userId: string }>(201, 'POST', '/users', { body: { email, name: 'refresh', password } })
  sys.api.scope.users.add(created.userId)

  type Session = { accessToken: string; expiresIn: number; refreshToken: string; refreshExpiresIn: number; userId: string }
  const signIn = await sys.api.call<Session>('POST', '/sessions', { body: { email, password } })
  t.equal(signIn.status, 200, 'POST /sessions 200')
  t.match(signIn.body, { accessToken: String, expiresIn: Number, refreshToken: String, refreshExpiresIn: Number, userId: created.userId }, 'access and refresh token with their lifetimes')

  const refreshed = await sys.api.call<Session>('POST', '/sessions/refresh', { body: { refreshToken: signIn.body.refreshToken } })
  t.equal(refreshed.status, 200, `POST /sessions/refresh 200 (${JSON.stringify(refreshed.body).slice(0, 200)})`)
  t.match(refreshed.body, { accessToken: String, refreshToken: String, refreshExpiresIn: Number, userId: created.userId }, 'same shape')
  t.not(refreshed.body.refreshToken, signIn.body.refreshToken, 'a NEW refresh token (rotation)')
  const me = await sys.api.call('GET', `/users/${created.userId}`, { token: refreshed.body.accessToken })
  t.equal(me.status, 200, 'the refreshed access token works')

  const reuse = await sys.api.call('POST', '/sessions/refresh', { body: { refreshToken: signIn.body.refreshToken } })
  isProblem(t, reuse, 401, 'REFRESH_TOKEN_REUSED', 'the rotated token presented again')
  const afterReuse = await sys.api.call('POST', '/sessions/refresh', { body: { refreshToken: refreshed.body.refreshToken } })
  isProblem(t, afterReuse, 401, 'INVALID_REFRESH_TOKEN', 'its successor, once the family is revoked')

  const second = await sys.api.expect<Session>(200, 'POST', '/sessions', { body: { email, password } })
  const out = await sys.api.call('DELETE', '/sessions', { body: { refreshToken: second.refreshToken } })
  t.equal(out.status, 204, 'DELETE /sessions 204')
  const afterSignOut = await sys.api.call('POST', '/sessions/refresh', { body: { refreshToken: second.refreshToken } })
  isProblem(t, afterSignOut, 401, 'INVALID_REFRESH_TOKEN', 'refresh after sign-out')
  const unknown = await sys.api.call('POST', '/sessions/refresh', { body: { refreshToken: 'x'.repeat(43) } })
  isProblem(t, unknown, 401, 'INVALID_REFRESH_TOKEN', 'an unknown refresh token')
})

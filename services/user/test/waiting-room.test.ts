import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startIdentity, type TestUser } from '../testing.ts'

const RATE = 4
const identity = await startIdentity({ QUEUE_ADMIT_PER_SECOND: String(RATE), QUEUE_ACTIVE_LIMIT: '6', QUEUE_IDLE_SECONDS: '5', QUEUE_TICK_MS: '50' })
t.teardown(() => identity.close())
const { app, db } = identity.service

const join = (user: TestUser, performanceId: string) =>
  app.inject({ method: 'POST', url: '/tokens', headers: user.headers, payload: { performanceId } })
const poll = (user: TestUser, tokenId: string) =>
  app.inject({ method: 'GET', url: `/tokens/${tokenId}`, headers: user.headers })

t.test('admits in FIFO order, at the configured rate, up to the active limit', async (t) => {
  const performanceId = randomUUID()
  const fans = await Promise.all(Array.from({ length: 8 }, () => identity.signUp()))
  const tokens: string[] = []
  for (const [index, fan] of fans.entries()) {
    const response = await join(fan, performanceId)
    t.equal(response.statusCode, 201)
    const body = response.json()
    tokens.push(body.tokenId)
    t.equal(body.performanceId, performanceId)
    if (body.status === 'WAITING') t.ok(body.position >= 1 && body.position <= index + 1, 'position is at most the join order')
  }
  const rejoin = await join(fans[0]!, performanceId)
  t.equal(rejoin.statusCode, 200, 'joining again returns the live token')
  t.equal(rejoin.json().tokenId, tokens[0])

  const deadline = Date.now() + 10_000
  let active = 0
  while (Date.now() < deadline) {
    const views = await Promise.all(fans.map((fan, i) => poll(fan, tokens[i]!).then((r) => r.json())))
    active = views.filter((view) => view.status === 'ACTIVE').length
    if (active >= 6) {
      for (const view of views.filter((view) => view.status === 'ACTIVE')) t.ok(view.admissionToken, 'an ACTIVE poll carries an admission token')
      const waiting = views.filter((view) => view.status === 'WAITING')
      t.same(waiting.map((view) => view.position), [1, 2], 'the last two wait, in order')
      t.same(waiting.map((view) => view.etaSeconds), [1, 1])
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.equal(active, 6, 'the active limit caps admissions')

  const rows = await db.selectFrom('token').select(['id', 'status', 'activated_at']).where('performance_id', '=', performanceId).execute()
  const byId = new Map(rows.map((row) => [row.id, row]))
  const admitted = tokens.slice(0, 6).map((id) => byId.get(id)!)
  t.ok(admitted.every((row) => row.status === 'ACTIVE'), 'the first six joiners are the admitted ones (FIFO)')
  t.ok(tokens.slice(6).every((id) => byId.get(id)!.status === 'WAITING'))
  const times = admitted.map((row) => row.activated_at!.getTime())
  for (let i = 1; i < times.length; i++) t.ok(times[i]! >= times[i - 1]!, 'admitted in join order')
  for (let i = 0; i + RATE < times.length; i++) {
    const gap = times[i + RATE]! - times[i]!
    t.ok(gap >= 1000, `no second holds more than ${RATE} admissions (admissions ${i} and ${i + RATE} are ${gap} ms apart)`)
  }
})

t.test('a waiter who stops polling drops out; tokens are private', async (t) => {
  const performanceId = randomUUID()
  const idle = await identity.signUp()
  const stranger = await identity.signUp()
  // Fill the active slots so the idle fan has to wait.
  const blockers = await Promise.all(Array.from({ length: 6 }, () => identity.signUp()))
  for (const blocker of blockers) await join(blocker, performanceId)
  const token = (await join(idle, performanceId)).json()
  const peek = await poll(stranger, token.tokenId)
  t.equal(peek.statusCode, 404, "another user's token is not found")
  await new Promise((resolve) => setTimeout(resolve, 6_500))
  const after = await poll(idle, token.tokenId)
  t.equal(after.json().status, 'EXPIRED', 'dropped out after QUEUE_IDLE_SECONDS without a poll')
  const row = await db.selectFrom('token').select('status').where('id', '=', token.tokenId).executeTakeFirstOrThrow()
  t.equal(row.status, 'EXPIRED', 'the history says so too')
})

t.test('bad waiting-room requests', async (t) => {
  const fan = await identity.signUp()
  const notUuid = await app.inject({ method: 'POST', url: '/tokens', headers: fan.headers, payload: { performanceId: 'abc' } })
  t.equal(notUuid.statusCode, 400)
  const extra = await app.inject({ method: 'POST', url: '/tokens', headers: fan.headers, payload: { performanceId: randomUUID(), vip: true } })
  t.equal(extra.statusCode, 400)
  const anonymous = await app.inject({ method: 'POST', url: '/tokens', payload: { performanceId: randomUUID() } })
  t.equal(anonymous.statusCode, 401)
  const badId = await app.inject({ method: 'GET', url: '/tokens/not-a-uuid', headers: fan.headers })
  t.equal(badId.statusCode, 400)
})

t.test('a paid reservation spends the admission: token USED, once', async (t) => {
  const { markTokenUsed } = await import('../events/consumers.ts')
  const performanceId = randomUUID()
  const fan = await identity.signUp()
  const admission = await identity.admission(fan, performanceId)
  t.ok(admission)
  const token = await db.selectFrom('token').selectAll().where('user_id', '=', fan.userId).where('performance_id', '=', performanceId).executeTakeFirstOrThrow()
  t.equal(token.status, 'ACTIVE')
  const event = {
    reservationId: randomUUID(), orderId: randomUUID(), userId: fan.userId, performanceId, scheduleId: randomUUID(),
    seatIds: [1], scheduleEndsAt: new Date().toISOString(), paidAt: new Date().toISOString(), occurredAt: new Date().toISOString(),
  }
  const first = await db.transaction().execute((trx) => markTokenUsed(trx, event))
  t.equal(first.outcome, 'applied')
  const again = await db.transaction().execute((trx) => markTokenUsed(trx, event))
  t.equal(again.outcome, 'ignored', 'a second delivery finds nothing to do')
  const after = (await app.inject({ method: 'GET', url: `/tokens/${token.id}`, headers: fan.headers })).json()
  t.equal(after.status, 'USED')
  t.notOk(after.admissionToken, 'a used token carries no admission')
})

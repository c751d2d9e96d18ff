import { randomUUID } from 'node:crypto'
import t from 'tap'
import { Redis } from 'ioredis'
import { startIdentity, type TestUser } from '../testing.ts'
import { knowSchedule } from '../events/consumers.ts'

const RATE = 4
const NAMESPACE = `test-${randomUUID().slice(0, 8)}`
const identity = await startIdentity({ QUEUE_ADMIT_PER_SECOND: String(RATE), QUEUE_ACTIVE_LIMIT: '6', QUEUE_IDLE_SECONDS: '5', QUEUE_TICK_MS: '50', QUEUE_NAMESPACE: NAMESPACE })
t.teardown(() => identity.close())
const { app, db } = identity.service

const join = (user: TestUser, performanceId: string) =>
  app.inject({ method: 'POST', url: '/tokens', headers: user.headers, payload: { performanceId } })
const poll = (user: TestUser, tokenId: string) =>
  app.inject({ method: 'GET', url: `/tokens/${tokenId}`, headers: user.headers })
const leave = (user: TestUser, tokenId: string) =>
  app.inject({ method: 'DELETE', url: `/tokens/${tokenId}`, headers: user.headers })
/** The waiting room's own keys, as user-service sees them. */
const redis = new Redis(process.env['USER_REDIS_URL']!, { keyPrefix: 'user:', lazyConnect: true })
t.teardown(() => redis.disconnect())
const minutes = (n: number) => new Date(Date.now() + n * 60_000)

t.test('admits in FIFO order, at the configured rate, up to the active limit', async (t) => {
  const performanceId = randomUUID()
  await identity.schedule(performanceId)
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
  await identity.schedule(performanceId)
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

t.test('a paid reservation spends the admission it was made with, not a newer one', async (t) => {
  const { markTokenUsed } = await import('../events/consumers.ts')
  const performanceId = randomUUID()
  const fan = await identity.signUp()
  t.ok(await identity.admission(fan, performanceId))
  const current = await db.selectFrom('token').selectAll().where('user_id', '=', fan.userId).where('performance_id', '=', performanceId).executeTakeFirstOrThrow()
  const paid = (admissionTokenId: string) => ({
    reservationId: randomUUID(), orderId: randomUUID(), userId: fan.userId, performanceId, scheduleId: randomUUID(), seatIds: [1],
    scheduleEndsAt: new Date().toISOString(), paidAt: new Date().toISOString(), occurredAt: new Date().toISOString(), admissionTokenId,
  })
  // A late payment of a hold made with an earlier admission of the same fan.
  const late = await db.transaction().execute((trx) => markTokenUsed(trx, paid(randomUUID())))
  t.equal(late.outcome, 'ignored', 'an admission that is no longer ACTIVE is not replaced by the current one')
  t.equal((await db.selectFrom('token').select('status').where('id', '=', current.id).executeTakeFirstOrThrow()).status, 'ACTIVE', 'the current admission stays ACTIVE')
  const own = await db.transaction().execute((trx) => markTokenUsed(trx, paid(current.id)))
  t.equal(own.outcome, 'applied')
  t.equal((await db.selectFrom('token').select('status').where('id', '=', current.id).executeTakeFirstOrThrow()).status, 'USED')
})

t.test('ScheduleCreatedEvent tells the waiting room about a schedule, once', async (t) => {
  const event = {
    scheduleId: randomUUID(), performanceId: randomUUID(), startsAt: minutes(600).toISOString(), endsAt: minutes(700).toISOString(),
    bookingOpensAt: minutes(-5).toISOString(), occurredAt: new Date().toISOString(),
  }
  t.same(await db.transaction().execute((trx) => knowSchedule(trx, event)), { outcome: 'applied' })
  t.same(await db.transaction().execute((trx) => knowSchedule(trx, event)), { outcome: 'ignored', reason: 'schedule already known' }, 'a redelivery or backfill changes nothing')
  const rows = await db.selectFrom('performance_schedule').selectAll().where('performance_id', '=', event.performanceId).execute()
  t.same(rows.map((row) => [row.schedule_id, row.starts_at.toISOString(), row.ends_at.toISOString(), row.booking_opens_at.toISOString()]),
    [[event.scheduleId, event.startsAt, event.endsAt, event.bookingOpensAt]])
})

t.test('joining needs a performance the read model knows, on sale now; a refusal touches neither Redis nor the token table', async (t) => {
  const fan = await identity.signUp()
  const unknown = randomUUID()
  const early = randomUUID()
  await identity.schedule(early, { bookingOpensAt: minutes(60), startsAt: minutes(600) })
  const started = randomUUID()
  await identity.schedule(started, { bookingOpensAt: minutes(-600), startsAt: minutes(-1) })
  const cases: Array<[string, string, number, string]> = [
    ['unknown performance', unknown, 404, 'PERFORMANCE_NOT_FOUND'],
    ['sale not open yet', early, 409, 'PERFORMANCE_NOT_ON_SALE'],
    ['already started', started, 409, 'PERFORMANCE_NOT_ON_SALE'],
  ]
  for (const [name, performanceId, status, code] of cases) {
    const response = await join(fan, performanceId)
    t.equal(response.statusCode, status, name)
    t.match(response.json(), { status, code, title: String, detail: String }, name)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', name)
    t.equal(await redis.exists(`wr:{${performanceId}}:queue`, `wr:{${performanceId}}:users`, `wr:{${performanceId}}:seq`), 0, `${name}: no queue keys`)
    t.equal(await redis.sismember(`wr:perfs:${NAMESPACE}`, performanceId), 0, `${name}: not a live performance`)
  }
  const rows = await db.selectFrom('token').select('id').where('user_id', '=', fan.userId).execute()
  t.same(rows, [], 'no token row for any refused join')

  await identity.schedule(started, { bookingOpensAt: minutes(-5), startsAt: minutes(600) })
  t.equal((await join(fan, started)).statusCode, 201, 'another schedule of the same performance on sale: the join goes through')
})

t.test('leaving frees the slot at once and announces AdmissionEndedEvent LEFT with the token change', async (t) => {
  const performanceId = randomUUID()
  await identity.schedule(performanceId)
  const fans = await Promise.all(Array.from({ length: 7 }, () => identity.signUp()))
  const tokens: string[] = []
  for (const fan of fans.slice(0, 6)) tokens.push((await join(fan, performanceId)).json().tokenId)
  const activeAll = async (count: number) => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const views = await Promise.all(tokens.slice(0, count).map((id, i) => poll(fans[i]!, id).then((r) => r.json())))
      if (views.every((view) => view.status === 'ACTIVE')) return true
    }
    return false
  }
  t.ok(await activeAll(6), 'six fans hold the six active slots')
  const last = fans[6]!
  const waiting = (await join(last, performanceId)).json()
  t.equal(waiting.status, 'WAITING', 'the seventh waits: the room is full')

  const [leaver] = fans
  const leaverToken = tokens[0]!
  t.equal((await leave(last, leaverToken)).statusCode, 404, "another fan's token is not found")
  t.equal((await leave(leaver!, randomUUID())).statusCode, 404, 'an unknown token is not found')
  t.equal((await app.inject({ method: 'DELETE', url: `/tokens/${leaverToken}` })).statusCode, 401, 'anonymous')
  t.equal((await app.inject({ method: 'DELETE', url: '/tokens/not-a-uuid', headers: leaver!.headers })).statusCode, 400)
  t.equal((await db.selectFrom('token').select('status').where('id', '=', leaverToken).executeTakeFirstOrThrow()).status, 'ACTIVE', 'refused leaves change nothing')

  const left = await leave(leaver!, leaverToken)
  t.equal(left.statusCode, 204)
  t.equal(left.body, '')
  const row = await db.selectFrom('token').selectAll().where('id', '=', leaverToken).executeTakeFirstOrThrow()
  t.equal(row.status, 'EXPIRED', 'the token has ended')
  t.ok(row.ended_at, 'with the time it ended')
  t.equal(await redis.zscore(`wr:{${performanceId}}:active`, leaverToken), null, 'its active slot is free')
  const events = async () => (await db.selectFrom('outbox').select(['type', 'topic', 'payload']).where('aggregateid', '=', leaverToken).execute())
    .map((event) => ({ ...event, payload: typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload }))
  t.same(await events(), [{
    type: 'AdmissionEndedEvent',
    topic: 'admission-topic',
    payload: { tokenId: leaverToken, userId: leaver!.userId, performanceId, reason: 'LEFT', endedAt: row.ended_at!.toISOString(), occurredAt: (await events())[0]?.payload.occurredAt },
  }], 'one AdmissionEndedEvent, written with the token change')

  const polled = (await poll(leaver!, leaverToken)).json()
  t.equal(polled.status, 'EXPIRED')
  t.notOk(polled.admissionToken, 'a left token carries no admission')
  let admitted = ''
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && admitted !== 'ACTIVE'; await new Promise((resolve) => setTimeout(resolve, 100))) {
    admitted = (await poll(last, waiting.tokenId)).json().status
  }
  t.equal(admitted, 'ACTIVE', 'the waiting fan takes the freed slot')

  t.equal((await leave(leaver!, leaverToken)).statusCode, 204, 'leaving twice is fine')
  t.equal((await events()).length, 1, 'and announces nothing more')

  const again = await join(leaver!, performanceId)
  t.equal(again.statusCode, 201, 'a fan who left may queue again, at the back')
  t.equal(again.json().status, 'WAITING')
  t.equal((await leave(leaver!, again.json().tokenId)).statusCode, 204, 'a waiting fan may leave too')
  t.equal(await redis.zscore(`wr:{${performanceId}}:queue`, again.json().tokenId), null, 'and is out of the queue')
  t.equal((await db.selectFrom('outbox').select('type').where('aggregateid', '=', again.json().tokenId).execute()).length, 1,
    'its admission, if one was ever handed out, is void too')
})

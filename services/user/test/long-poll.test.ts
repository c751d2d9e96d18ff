import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { startIdentity, type Identity, type TestUser } from '../testing.ts'

// Two rooms, each with its own admission loop (testing.ts gives each a namespace of its own):
// `adaptive` admits toward a target of 2 active fans, at least 1 a second; `full` admits 2 fans, then
// nobody until one leaves (QUEUE_ACTIVE_LIMIT), so its queue stands still.
const adaptive = await startIdentity({
  QUEUE_ADMIT_PER_SECOND: '50', QUEUE_ADMIT_MIN_PER_SECOND: '1', QUEUE_ACTIVE_TARGET: '2', QUEUE_ACTIVE_LIMIT: '100', QUEUE_TICK_MS: '50',
})
const full = await startIdentity({ QUEUE_ACTIVE_LIMIT: '2', QUEUE_IDLE_SECONDS: '5', QUEUE_TICK_MS: '50' })
t.teardown(() => Promise.all([adaptive.close(), full.close()]))
const redis = new Redis(process.env['USER_REDIS_URL']!, { keyPrefix: 'user:', lazyConnect: true })
t.teardown(() => redis.disconnect())

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const join = (id: Identity, user: TestUser, performanceId: string) =>
  id.service.app.inject({ method: 'POST', url: '/tokens', headers: user.headers, payload: { performanceId } }).then((r) => r.json())
const poll = (id: Identity, user: TestUser, tokenId: string, query = '') =>
  id.service.app.inject({ method: 'GET', url: `/tokens/${tokenId}${query}`, headers: user.headers })
const timed = async <T>(work: () => Promise<T>) => {
  const started = Date.now()
  const result = await work()
  return { result, ms: Date.now() - started }
}
const control = async (performanceId: string) => redis.hgetall(`wr:{${performanceId}}:ctl`)
const activeCount = (performanceId: string) => redis.zcard(`wr:{${performanceId}}:active`)

/** A room whose `blockers` hold the active slots; returns their tokens once they are all ACTIVE. */
async function occupied(t: Test, id: Identity, performanceId: string, blockers: number) {
  await id.schedule(performanceId)
  const fans = await Promise.all(Array.from({ length: blockers }, () => id.signUp()))
  const tokens: string[] = []
  for (const fan of fans) tokens.push((await join(id, fan, performanceId)).tokenId)
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
    if (await activeCount(performanceId) === blockers) break
  }
  t.equal(await activeCount(performanceId), blockers, `${blockers} fans hold the active slots`)
  return fans.map((fan, i) => ({ fan, tokenId: tokens[i]! }))
}

t.test('admission follows the active fans: it slows to the minimum while they pile up and speeds up when they finish', async (t) => {
  const performanceId = randomUUID()
  await adaptive.schedule(performanceId)
  const fans = await Promise.all(Array.from({ length: 10 }, () => adaptive.signUp()))
  const tokens: string[] = []
  for (const fan of fans) tokens.push((await join(adaptive, fan, performanceId)).tokenId)
  await sleep(3_500)
  const piled = await activeCount(performanceId)
  // A fixed rate of 50 a second would have admitted all ten at once.
  t.ok(piled >= 2 && piled <= 6, `toward the target of 2, then 1 a second while nobody finishes (${piled} active after 3.5 s)`)
  t.equal(Number((await control(performanceId))['rate']), 1, 'the rate is at its minimum while the active fans exceed the target')
  const metrics = await adaptive.service.app.inject({ method: 'GET', url: '/metrics' })
  const line = metrics.body.split('\n').find((l) => l.startsWith('waiting_room_admit_rate{') && l.includes(performanceId) && l.includes('kind="admitted"'))
  t.equal(line?.split(' ').at(-1), '1', `the rate is a metric (${line})`)

  const active = (await redis.zrange(`wr:{${performanceId}}:active`, 0, -1))
  for (const tokenId of active) {
    const owner = fans[tokens.indexOf(tokenId)]!
    t.equal((await adaptive.service.app.inject({ method: 'DELETE', url: `/tokens/${tokenId}`, headers: owner.headers })).statusCode, 204)
  }
  // The next control step sees them finished and raises the rate; as the room fills again, it settles.
  let highest = { rate: 0, finished: 0 }
  for (const deadline = Date.now() + 2_500; Date.now() < deadline; await sleep(100)) {
    const step = await control(performanceId)
    if (Number(step['rate']) > highest.rate) highest = { rate: Number(step['rate']), finished: Number(step['finished']) }
  }
  t.ok(highest.finished > 0, `the fans who left count as finished (${highest.finished.toFixed(2)}/s)`)
  t.ok(highest.rate > 1, `the rate rises above the minimum once they finish (${highest.rate.toFixed(2)}/s)`)
})

t.test('a long-poll answers as soon as the token is admitted', async (t) => {
  const performanceId = randomUUID()
  const blockers = await occupied(t, full, performanceId, 2)
  const fan = await full.signUp()
  const waiting = await join(full, fan, performanceId)
  t.match(waiting, { status: 'WAITING', position: 1 })
  const pending = timed(() => poll(full, fan, waiting.tokenId, '?wait=20'))
  await sleep(500)
  // A blocker leaves: the slot frees and the next tick admits the fan.
  await full.service.app.inject({ method: 'DELETE', url: `/tokens/${blockers[0]!.tokenId}`, headers: blockers[0]!.fan.headers })
  const { result, ms } = await pending
  t.equal(result.statusCode, 200)
  t.match(result.json(), { status: 'ACTIVE', position: 0, admissionToken: String }, 'answered ACTIVE, with the admission')
  t.ok(ms < 2_500, `promptly after the admission, not at the end of the wait (${ms} ms)`)
})

t.test('long-polls that see nothing move answer with the current position when the wait runs out; the fans stay present', async (t) => {
  const performanceId = randomUUID()
  await occupied(t, full, performanceId, 2)
  const fans = await Promise.all([full.signUp(), full.signUp(), full.signUp()])
  const tokens: string[] = []
  for (const fan of fans) tokens.push((await join(full, fan, performanceId)).tokenId)
  // Longer than QUEUE_IDLE_SECONDS (5): a fan who plain-polled this rarely would be dropped, as the
  // third one is (behind the other two: their places do not change, so they wait on).
  const [first, second] = await Promise.all([0, 1].map((i) => timed(() => poll(full, fans[i]!, tokens[i]!, '?wait=7'))))
  for (const [i, { result, ms }] of [first!, second!].entries()) {
    t.same(result.json(), { tokenId: tokens[i], performanceId, status: 'WAITING', position: i + 1, etaSeconds: result.json().etaSeconds }, `fan ${i + 1} still waits, at its place`)
    t.ok(ms >= 6_900 && ms < 9_000, `answered when the wait ran out (${ms} ms)`)
  }
  t.equal((await poll(full, fans[2]!, tokens[2]!)).json().status, 'EXPIRED', 'the fan who did not poll for 7 s was dropped')
  t.equal((await poll(full, fans[1]!, tokens[1]!)).json().status, 'WAITING', 'the long-polling fans were not')
})

t.test('wait is optional and bounded', async (t) => {
  const fan = await full.signUp()
  const performanceId = randomUUID()
  await full.schedule(performanceId)
  const token = await join(full, fan, performanceId)
  for (const bad of ['31', '0', '-1', 'soon', '1.5', '']) {
    const response = await poll(full, fan, token.tokenId, `?wait=${bad}`)
    t.equal(response.statusCode, 400, `wait=${bad}`)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(response.json(), { status: 400, code: 'VALIDATION_FAILED' })
  }
  const { result, ms } = await timed(() => poll(full, fan, token.tokenId))
  t.equal(result.statusCode, 200)
  t.ok(ms < 1_000, 'without wait the answer is immediate')
  const admitted = await timed(() => poll(full, fan, token.tokenId, '?wait=30'))
  t.equal(admitted.result.json().status, 'ACTIVE')
  t.ok(admitted.ms < 1_000, 'an ACTIVE token is answered at once')
})

t.test('shutdown answers the waiting long-polls at once', async (t) => {
  const closing = await startIdentity({ QUEUE_ACTIVE_LIMIT: '1', QUEUE_TICK_MS: '50' })
  const performanceId = randomUUID()
  await occupied(t, closing, performanceId, 1)
  const fan = await closing.signUp()
  const token = await join(closing, fan, performanceId)
  const pending = timed(() => fetch(`${closing.baseUrl}/tokens/${token.tokenId}?wait=30`, { headers: fan.headers }))
  await sleep(500)
  const closed = timed(() => closing.close())
  const { result, ms } = await pending
  t.equal(result.status, 200)
  t.match(await result.json(), { status: 'WAITING', position: 1 })
  t.ok(ms < 3_000, `answered when the instance closed, not after 30 s (${ms} ms)`)
  t.ok((await closed).ms < 3_000, 'and the close did not wait for the long-poll')
})

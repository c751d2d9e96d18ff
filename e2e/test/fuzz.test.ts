/**
 * The project's own fuzz suite, through the gateway: for every operation of the merged OpenAPI
 * document, malformed requests (wrong types, missing and extra fields, huge values, bad encodings,
 * oversized bodies, bad path parameters, wrong content types, malformed JSON, duplicate keys, hostile
 * text, bad credentials, another fan's ids), deterministic from FUZZ_SEED (printed; set it to replay).
 *
 * Every answer: no 5xx, every 4xx a problem+json with a stable code and the HTTP status, no Fastify
 * internals or stack traces, no malformed request accepted; and nothing changed in any database.
 *
 * FUZZ_CASES (total, default 2400), FUZZ_CONCURRENCY (8), FUZZ_BUDGET_MS (240000).
 *
 * Decisions: a JSON body that is not UTF-8, or escapes a lone surrogate (\ud800), is malformed like
 * any other bad JSON — 400, never stored as U+FFFD. A GET may answer 2xx to a case (extra query
 * parameters, a body it never reads); any other method never. The clock is the only input besides
 * the seed (schedule times in the generated bodies).
 */
import t from 'tap'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { drain } from '../src/invariants.ts'
import { startSystem } from '../src/fixture.ts'
import { waitOrderPayable } from '../src/read-models.ts'
import { generateCases } from '../src/fuzz/cases.ts'
import { checkOutcome, summarize, type FailureClass } from '../src/fuzz/check.ts'
import { operationsOf, type OpenApiDocument } from '../src/fuzz/openapi.ts'
import { Rng, randomSeed } from '../src/fuzz/rng.ts'
import { sendAll } from '../src/fuzz/send.ts'
import { diffSnapshots, snapshot, type SnapshotScope } from '../src/fuzz/snapshot.ts'
import type { FuzzWorld } from '../src/fuzz/values.ts'

const seed = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) >>> 0 : randomSeed()
const totalCases = Number(process.env['FUZZ_CASES'] ?? 2400)
const concurrency = Number(process.env['FUZZ_CONCURRENCY'] ?? 8)
const budgetMs = Number(process.env['FUZZ_BUDGET_MS'] ?? 240_000)
t.comment(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`)

const sys = await startSystem(t, {
  label: 'fuzz',
  // Nothing may move by itself while the databases are compared: holds and admissions outlive the run.
  env: { HOLD_TTL_SECONDS: '86400', ADMISSION_TTL_SECONDS: '86400', QUEUE_IDLE_SECONDS: '3600' },
  // Each case comes from its own client address (X-Forwarded-For, trusted only with TRUST_PROXY), so
  // per-address budgets (the gateway's, sign-in's) never answer in place of validation.
  serviceEnv: { gateway: { TRUST_PROXY: 'true' } },
})

t.test(`malformed requests to every operation are refused cleanly and change nothing (seed ${seed})`, async (t) => {
  // ---- the world the cases aim at: an owner with a paid and a held reservation, a stranger, the admin
  const show = await sys.admin.createShow({ sections: [{ name: 'A', rows: 2, seatsPerRow: 5, grade: 'R', price: 10_000 }] })
  const owner = await sys.api.signUp('fuzz-owner')
  const stranger = await sys.api.signUp('fuzz-stranger')
  await owner.charge(100_000)
  await stranger.charge(5_000)
  const first = await owner.admitted(show.performanceId)
  const paid = await owner.reserve(show.scheduleId, [show.seats[0]!.seatId], first.admissionToken)
  await owner.waitReservation(paid.reservationId, 'HELD')
  await waitOrderPayable(sys.stack, paid.reservationId)
  const payment = await owner.pay(paid.orderId)
  await owner.waitReservation(paid.reservationId, 'CONFIRMED')
  await owner.waitPayment(payment.paymentId, 'COMPLETED')
  const second = await owner.admitted(show.performanceId)
  const held = await owner.reserve(show.scheduleId, [show.seats[1]!.seatId], second.admissionToken)
  await owner.waitReservation(held.reservationId, 'HELD')
  await waitOrderPayable(sys.stack, held.reservationId)
  const strangerToken = await stranger.admitted(show.performanceId)
  await sys.settle(t, 'invariants hold before the fuzz run')

  const marker = `fz${randomBytes(4).toString('hex')}`
  const world: FuzzWorld = {
    marker,
    ids: {
      performanceId: show.performanceId, scheduleId: show.scheduleId, venueId: show.venueId, userId: owner.userId,
      reservationId: held.reservationId, orderId: held.orderId, paymentId: payment.paymentId, tokenId: second.tokenId,
    },
    seatIds: show.seats.slice(2).map((s) => s.seatId),
    owner: { userId: owner.userId, token: owner.token, admission: second.admissionToken },
    stranger: { userId: stranger.userId, token: stranger.token, admission: strangerToken.admissionToken },
    admin: { token: sys.admin.token },
  }
  const tokens = { owner: owner.token, stranger: stranger.token, admin: sys.admin.token, 'owner admission': second.admissionToken, 'stranger admission': strangerToken.admissionToken }

  const doc = (await sys.api.expect<OpenApiDocument & { 'x-unavailable'?: unknown[] }>(200, 'GET', '/openapi.json'))
  t.same(doc['x-unavailable'] ?? [], [], 'every service published its OpenAPI document')
  const ops = operationsOf(doc)
  t.ok(ops.length >= 20, `${ops.length} operations in /openapi.json`)
  const cases = generateCases(ops, world, new Rng(seed), Math.ceil(totalCases / ops.length))
  const perOp = new Map<string, number>()
  for (const c of cases) perOp.set(c.op, (perOp.get(c.op) ?? 0) + 1)
  t.ok(cases.length >= 2000, `${cases.length} cases (≥ 2000)`)
  t.same(ops.filter((op) => !perOp.has(op.id)).map((op) => op.id), [], 'every operation gets cases')
  t.comment(`cases per operation: ${[...perOp].map(([op, n]) => `${op} ${n}`).join(', ')}`)

  const scope: SnapshotScope = {
    users: [...sys.api.scope.users], schedules: [...sys.api.scope.schedules], performances: [...sys.api.scope.performances],
    venues: [show.venueId], marker,
  }
  const before = await snapshot(sys.stack, scope)
  const fuzzStarted = new Date(Date.now() - 1000)

  const { outcomes, unsent, elapsedMs } = await sendAll(cases, {
    baseUrl: sys.system.gatewayUrl,
    concurrency,
    budgetMs,
    extraHeaders: (c) => ({ 'x-forwarded-for': `198.18.${(c.n >> 8) & 255}.${c.n & 255}` }),
  })
  t.comment(`sent ${outcomes.length} requests in ${(elapsedMs / 1000).toFixed(1)} s (concurrency ${concurrency})`)
  t.equal(unsent, 0, `every case sent within ${budgetMs} ms`)

  const statuses = new Map<number, number>()
  for (const o of outcomes) if (o.answer) statuses.set(o.answer.status, (statuses.get(o.answer.status) ?? 0) + 1)
  t.comment(`answers: ${[...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(', ')}`)

  const failures = outcomes.flatMap(checkOutcome)
  const byClass = new Map<FailureClass, number>()
  for (const f of failures) byClass.set(f.class, (byClass.get(f.class) ?? 0) + 1)
  const report = summarize(failures, tokens)
  const logDir = join(sys.system.logDir)
  mkdirSync(logDir, { recursive: true })
  writeFileSync(join(logDir, `fuzz-${seed}.txt`), `seed ${seed}\n${report.join('\n\n')}\n`)
  const classes: FailureClass[] = [
    'no answer', '5xx', 'malformed request accepted (2xx)', '4xx not problem+json', 'problem status ≠ HTTP status', 'FST_ leaked',
    'stack trace leaked', 'rate limited (429)', '413 with Retry-After', 'unexpected status', 'unexpected code', 'detail does not name the field',
  ]
  for (const cls of classes) {
    const mine = report.filter((line) => line.startsWith(`${cls} — `))
    t.equal(byClass.get(cls) ?? 0, 0, `no case: ${cls}`, mine.length ? { diagnostic: true, examples: mine.slice(0, 25).join('\n\n') } : {})
  }
  if (failures.length) t.comment(`all failures, grouped: ${join(logDir, `fuzz-${seed}.txt`)}`)

  // ---- nothing changed: every event the run caused (there should be none) applied, then the rows compared
  await drain(sys.stack, fuzzStarted)
  const after = await snapshot(sys.stack, scope)
  t.same(diffSnapshots(before, after), [], 'no state changed in any database (balances, reservations, seats, catalog, payments, reviews, tokens, ...)')

  // ---- and the owner is not blocked by anything the fuzz run sent: the held order can be paid at once
  const pay = await owner.payRaw(held.orderId)
  t.equal(pay.status, 202, `the owner pays the held order right after the run: ${JSON.stringify(pay.body)}`)
  if (pay.status === 202) await owner.waitReservation(held.reservationId, 'CONFIRMED')
  await sys.settle(t, 'invariants hold after the fuzz run')
})

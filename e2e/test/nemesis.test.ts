/**
 * Fault injection with zero loss (SPEC §7, §9): a sale through the gateway while a nemesis, random
 * but reproducible from NEMESIS_SEED, kills and restarts Kafka Connect, the broker, MariaDB, Redis
 * and a service, and pauses a service past its Kafka session timeout. Afterwards every invariant
 * holds, no saga is stuck, every outbox event was applied by each consumer, no dead letter was
 * written, and no client request got a 500.
 *
 * Runs last among the e2e files that share the stack (it takes the stack's parts down and heals them).
 */
import t from 'tap'
import { randomInt } from 'node:crypto'
import { startSystem } from '../src/fixture.ts'
import { Nemesis, impacts } from '../src/nemesis.ts'
import { runSale, seeded } from '../src/sale.ts'

// A fixed seed by default keeps `pnpm test` repeatable; NEMESIS_SEED=random draws a new fault order.
const seedSetting = process.env['NEMESIS_SEED'] ?? '227210694'
const seed = seedSetting === 'random' ? randomInt(1, 2 ** 31) : Number(seedSetting)
const FANS = Number(process.env['NEMESIS_FANS'] ?? 120)
const SEATS = { rows: 6, seatsPerRow: 20 }
const SESSION_TIMEOUT_MS = 10_000
console.log(`# nemesis seed ${seed} (NEMESIS_SEED=${seed} reproduces the fault order and the fans' picks)`)

const sys = await startSystem(t, {
  label: 'nemesis',
  // Admissions trickle in, so the sale is still going on while every fault is injected.
  env: { QUEUE_ADMIT_PER_SECOND: '1' },
})

t.test(`a sale survives every fault kind (seed ${seed})`, async (t) => {
  const random = seeded(seed)
  const show = await sys.admin.createShow({ sections: [{ name: 'A', ...SEATS, grade: 'R', price: 10_000 }] })
  const fans = []
  for (let i = 0; i < FANS; i++) {
    const fan = await sys.api.signUp(`nemesis${i}`)
    await fan.charge(100_000)
    fans.push(fan)
  }

  const deadline = Date.now() + 240_000
  const nemesis = new Nemesis({ system: sys.system, random, sessionTimeoutMs: SESSION_TIMEOUT_MS, log: (line) => t.comment(line) })
  const sale = runSale({ api: sys.api, fans, performanceId: show.performanceId, scheduleId: show.scheduleId, concurrency: FANS, deadline, random })
  await nemesis.runEachOnce(4000, deadline - 30_000)
  const stats = await sale

  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(stats.statuses))}`)
  for (const impact of impacts(nemesis.faults, stats.outages, stats.progress)) {
    t.comment(`${impact.kind} ${impact.target}: API unavailable ${(impact.apiUnavailableMs / 1000).toFixed(1)} s, saga stall ${impact.sagaStallMs === undefined ? 'n/a' : `${(impact.sagaStallMs / 1000).toFixed(1)} s`}`)
  }
  t.equal(nemesis.faults.length, 6, 'every fault kind was injected')
  t.same(stats.internalErrors, [], 'no client request got a 500')
  t.same(stats.fansGaveUp, [], 'every fan finished the journey (bought or found the sale sold out)')
  const seats = await sys.api.seats(show.scheduleId)
  t.equal(seats.filter((s) => s.status === 'SOLD').length, SEATS.rows * SEATS.seatsPerRow, 'every seat sold')
  t.equal(stats.confirmedSeats, SEATS.rows * SEATS.seatsPerRow, 'fans saw every seat confirmed, none twice')
  await sys.settle(t, 'invariants hold after the faults: no seat sold twice, no point lost, every event applied once, no dead letter')
})

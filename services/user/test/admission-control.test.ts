import t from 'tap'
import {
  CONTROL_PERIOD_MS, HORIZON_SECONDS, admissionBounds, admissionRate, controlDue, initialControl, nextControl, perSecondBudget, positionStep, stepControl,
  type AdmissionControlState,
} from '../domain/admission-control.ts'

const bounds = admissionBounds(500, 5, 200)

/** Runs the controller for `seconds` one-second steps against a system that finishes `finishes(active)` fans a second. */
function simulate(seconds: number, finishes: (active: number) => number, start: { active?: number } = {}) {
  let active = start.active ?? 0
  let admittedTotal = 0
  let state: AdmissionControlState = initialControl({ nowMs: 0, active, admittedTotal }, bounds)
  const trace: Array<{ rate: number; active: number }> = []
  for (let second = 1; second <= seconds; second++) {
    const admitted = Math.floor(state.ratePerSecond)
    admittedTotal += admitted
    active = Math.max(0, active + admitted - Math.min(active, finishes(active)))
    state = nextControl(state, { nowMs: second * 1000, active, admittedTotal }, bounds)
    trace.push({ rate: state.ratePerSecond, active })
  }
  return trace
}

t.test('the rate goes down when active fans pile up, up when they finish, and stays within the bounds', async (t) => {
  const start = initialControl({ nowMs: 0, active: 0, admittedTotal: 0 }, bounds)
  t.equal(start.ratePerSecond, 200 / HORIZON_SECONDS, 'an empty room fills toward the target over the horizon')
  // Nobody finishes: admissions pile up, the rate falls to the floor and stays there.
  const stuck = nextControl(start, { nowMs: 1000, active: 100, admittedTotal: 100 }, bounds)
  t.equal(stuck.finishedPerSecond, 0)
  t.equal(stuck.ratePerSecond, 50, 'half-way to the target: half the gap per horizon')
  const piled = nextControl(stuck, { nowMs: 2000, active: 400, admittedTotal: 400 }, bounds)
  t.equal(piled.ratePerSecond, 5, 'above the target with nobody finishing: the minimum')
  // Fans finish: 300 of the 400 leave in a second, the rate jumps up to replace them.
  const finishing = nextControl(piled, { nowMs: 3000, active: 105, admittedTotal: 405 }, bounds)
  t.equal(finishing.finishedPerSecond, 150, '300 finished in a second, smoothed with the previous 0')
  t.equal(finishing.ratePerSecond, 150 + (200 - 105) / HORIZON_SECONDS)
  t.ok(finishing.ratePerSecond > piled.ratePerSecond)
  // Everyone finishes instantly: never above the operator's maximum.
  const fast = nextControl(finishing, { nowMs: 4000, active: 0, admittedTotal: 1405 }, bounds)
  t.equal(fast.ratePerSecond, 500, 'capped at QUEUE_ADMIT_PER_SECOND')
  t.equal(admissionRate(0, 10_000, bounds), 5, 'floored at the minimum')
})

t.test("in a system that finishes 100 fans a second, the room settles at the target and admits the system's throughput", async (t) => {
  const trace = simulate(30, (active) => Math.min(active, 100))
  const last = trace.slice(-5)
  for (const { rate, active } of last) {
    t.ok(Math.abs(rate - 100) <= 10, `rate ${rate.toFixed(1)} ≈ the 100 fans/s the system finishes`)
    t.ok(Math.abs(active - 200) <= 30, `active ${active} ≈ the target`)
  }
  t.ok(trace.every(({ rate }) => rate >= 5 && rate <= 500), 'every step within the bounds')
})

t.test('when the system slows down, the rate follows it down', async (t) => {
  const slower = simulate(40, (active) => Math.min(active, 20), { active: 200 })
  t.ok(Math.abs(slower.at(-1)!.rate - 20) <= 5, `settles near the slower system's 20 fans/s (${slower.at(-1)!.rate.toFixed(1)})`)
  t.ok(slower.every(({ active }) => active <= 260), 'the active fans never run away from the target')
})

t.test('control steps: once a period, a fresh start after a gap or a counter reset', async (t) => {
  const state = initialControl({ nowMs: 10_000, active: 0, admittedTotal: 0 }, bounds)
  t.ok(controlDue(undefined, 0), 'the first step is due at once')
  t.notOk(controlDue(state, 10_000 + CONTROL_PERIOD_MS - 1), 'not twice within a period')
  t.ok(controlDue(state, 10_000 + CONTROL_PERIOD_MS), 'again after a period')
  const stale = stepControl({ ...state, finishedPerSecond: 80 }, { nowMs: 60_000, active: 0, admittedTotal: 50 }, bounds)
  t.equal(stale.finishedPerSecond, 0, 'a step from another sale is not trusted')
  const reset = nextControl({ ...state, admittedTotal: 1000, finishedPerSecond: 40 }, { nowMs: 11_000, active: 0, admittedTotal: 3 }, bounds)
  t.equal(reset.finishedPerSecond, 40, 'a counter that went backwards (Redis flushed) gives no sample')
  const back = stepControl(state, { nowMs: 9_000, active: 0, admittedTotal: 0 }, bounds)
  t.equal(back.atMs, 9_000, 'a clock that went back starts afresh')
})

t.test('bounds, budgets and long-poll steps', async (t) => {
  t.same(admissionBounds(3, 5, 0), { maxPerSecond: 3, minPerSecond: 3, targetActive: 1 }, 'min never above max; a target of at least one')
  t.equal(perSecondBudget(0.4), 1, 'the queue always moves')
  t.equal(perSecondBudget(7.9), 7)
  t.same([1, 4, 5, 9, 1000].map(positionStep), [1, 1, 2, 3, 250], 'a quarter of the place, at least one')
})

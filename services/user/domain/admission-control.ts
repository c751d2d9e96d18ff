/**
 * Adaptive admission, free of I/O: each control step sets how many fans per second the waiting room
 * admits, so the number of admitted fans who have not finished (ACTIVE tokens) stays near a target.
 *
 * Little's law: active fans N = throughput X × journey time W. Holding N at a target while the rate
 * follows the measured finishing rate means the room admits exactly what the system completes: when
 * holds and payments slow down, fans finish later, fewer slots free per second, and the rate drops
 * with them; when they speed up, it rises. Admitting more than that only lengthens W for everyone
 * (the system's queues grow, not its throughput), which is what a fixed rate set by hand does as soon
 * as the guess is too high.
 *
 *   rate = finishedPerSecond + (targetActive − active) / HORIZON_SECONDS, within [min, max]
 *
 * The first term replaces the fans who finished; the second closes the gap to the target over
 * HORIZON_SECONDS (a proportional term: above the target it subtracts, so piling up brings the rate
 * down to the minimum until fans finish). With nobody finished yet (the sale's first seconds) the rate
 * is the gap alone: the room fills to the target in about HORIZON_SECONDS, then follows the system.
 */

export interface AdmissionBounds {
  /** The operator's ceiling (QUEUE_ADMIT_PER_SECOND). */
  maxPerSecond: number
  /** The floor: the queue always moves, even while the active fans stay above the target. */
  minPerSecond: number
  /** ACTIVE fans the room aims for (QUEUE_ACTIVE_TARGET). */
  targetActive: number
}

/** What the room looked like at a control step; kept in Redis so every instance shares it. */
export interface AdmissionControlState {
  /** Admissions per second until the next step. */
  ratePerSecond: number
  /** When the step was taken (ms). */
  atMs: number
  /** ACTIVE tokens then. */
  active: number
  /** Admissions ever made for the performance then (a counter in Redis). */
  admittedTotal: number
  /** Smoothed rate at which admitted fans finished (paid, left, or their admission lapsed). */
  finishedPerSecond: number
}

export interface AdmissionObservation {
  nowMs: number
  active: number
  admittedTotal: number
}

/** The gap to the target is closed over this many seconds. */
export const HORIZON_SECONDS = 2
/** A control step happens at most this often; the Lua tick uses the rate in between. */
export const CONTROL_PERIOD_MS = 1000
/** Weight of the newest finishing-rate sample (exponential moving average). */
const SMOOTHING = 0.5

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

/** The bounds as configured, made consistent: min ≤ max and a target of at least one fan. */
export function admissionBounds(maxPerSecond: number, minPerSecond: number, targetActive: number): AdmissionBounds {
  return { maxPerSecond, minPerSecond: Math.min(minPerSecond, maxPerSecond), targetActive: Math.max(1, targetActive) }
}

/** The rate from a finishing rate and the current active fans. */
export function admissionRate(finishedPerSecond: number, active: number, bounds: AdmissionBounds): number {
  const rate = finishedPerSecond + (bounds.targetActive - active) / HORIZON_SECONDS
  return clamp(rate, bounds.minPerSecond, bounds.maxPerSecond)
}

/** The first step of a performance: nothing measured yet, so the gap to the target alone. */
export function initialControl(observation: AdmissionObservation, bounds: AdmissionBounds): AdmissionControlState {
  return {
    ratePerSecond: admissionRate(0, observation.active, bounds),
    atMs: observation.nowMs,
    active: observation.active,
    admittedTotal: observation.admittedTotal,
    finishedPerSecond: 0,
  }
}

/** A step older than this describes another sale (or a long outage): the controller starts afresh. */
export const STALE_AFTER_MS = 10_000

export function controlDue(previous: AdmissionControlState | undefined, nowMs: number): boolean {
  return !previous || nowMs - previous.atMs >= CONTROL_PERIOD_MS
}

/** The step to take now: the next one, or a fresh start when there is no recent step to go on. */
export function stepControl(previous: AdmissionControlState | undefined, observation: AdmissionObservation, bounds: AdmissionBounds): AdmissionControlState {
  if (!previous || observation.nowMs - previous.atMs > STALE_AFTER_MS || observation.nowMs < previous.atMs) {
    return initialControl(observation, bounds)
  }
  return nextControl(previous, observation, bounds)
}

/**
 * The next step. Fans who finished since the last step = active then + admitted since − active now
 * (every way out of the active set: paid, left, lapsed). A clock step backwards or a counter reset
 * (Redis flushed) gives no sample and keeps the old finishing rate.
 */
export function nextControl(previous: AdmissionControlState, observation: AdmissionObservation, bounds: AdmissionBounds): AdmissionControlState {
  const elapsedSeconds = (observation.nowMs - previous.atMs) / 1000
  const admitted = observation.admittedTotal - previous.admittedTotal
  let finishedPerSecond = previous.finishedPerSecond
  if (elapsedSeconds > 0 && admitted >= 0) {
    const sample = Math.max(0, previous.active + admitted - observation.active) / elapsedSeconds
    finishedPerSecond = SMOOTHING * sample + (1 - SMOOTHING) * previous.finishedPerSecond
  }
  return {
    ratePerSecond: admissionRate(finishedPerSecond, observation.active, bounds),
    atMs: observation.nowMs,
    active: observation.active,
    admittedTotal: observation.admittedTotal,
    finishedPerSecond,
  }
}

/**
 * Admissions the one-second sliding window allows for a rate: whole fans, at least one, so a
 * fractional minimum still moves the queue.
 */
export function perSecondBudget(ratePerSecond: number): number {
  return Math.max(1, Math.floor(ratePerSecond))
}

/**
 * A long-polling waiter is answered early once its place has moved by a quarter (at least one place),
 * and no sooner than POSITION_ANSWER_AFTER_MS into the wait: a fan far back gets a handful of answers
 * on the way (progress for the page), not one per admission tick. Being admitted, or the token ending,
 * is answered at once.
 */
export function positionStep(position: number): number {
  return Math.max(1, Math.ceil(position / 4))
}

export const POSITION_ANSWER_AFTER_MS = 5_000

/**
 * Per-account sign-in throttling, free of I/O. Counted per account (not per address), so an attacker
 * gains nothing by spreading guesses over many addresses; a lock is short and capped, so the owner
 * with the right password waits at most `maxDelaySeconds` (never more than 60 s), and never needs
 * support to get back in.
 */
export interface ThrottlePolicy {
  /** Consecutive failures that cost nothing (typos). */
  failuresBeforeDelay: number
  /** Cap of the lock, in seconds (≤ 60). */
  maxDelaySeconds: number
}

/** Failures are forgotten after this long without another one: yesterday's typos do not add up. */
export const FAILURE_MEMORY_SECONDS = 15 * 60

/**
 * How long the account is locked after its `attempt`-th consecutive unsuccessful attempt:
 * nothing up to `failuresBeforeDelay`, then 1, 2, 4, 8, … seconds, capped at `maxDelaySeconds`.
 * With the defaults (5, 60) the 6th failure locks for 1 s, the 12th and later for 60 s: at most
 * about one guess a minute per account, which an online guesser cannot live with.
 */
export function lockSeconds(attempt: number, policy: ThrottlePolicy): number {
  if (attempt <= policy.failuresBeforeDelay) return 0
  return Math.min(policy.maxDelaySeconds, 2 ** (attempt - policy.failuresBeforeDelay - 1))
}

/**
 * The lock after attempt 1, 2, … as a table whose last entry holds for every later attempt, so
 * Redis can apply the policy atomically with the count without knowing it.
 */
export function lockSchedule(policy: ThrottlePolicy): number[] {
  const schedule: number[] = []
  for (let attempt = 1; ; attempt++) {
    const seconds = lockSeconds(attempt, policy)
    schedule.push(seconds)
    if (seconds >= policy.maxDelaySeconds) return schedule
  }
}

/** Retry-After in whole seconds for a lock with `remainingMs` left: rounded up, at least 1. */
export function retryAfterSeconds(remainingMs: number): number {
  return Math.max(1, Math.ceil(remainingMs / 1000))
}

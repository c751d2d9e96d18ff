/**
 * SPEC §7 invariants: one implementation for `pnpm ops check` and the e2e suite
 * (`@concert/scripts/invariants`, re-exported by e2e/src/invariants.ts).
 */
import { findViolations, newDeadLetters, type CheckScope } from './check.ts'
import type { Source } from './model.ts'

export * from './model.ts'
export * from './events.ts'
export * from './check.ts'
export * from './caches.ts'

/**
 * The e2e form: every invariant after draining, scoped to a test file's users and schedules, outbox
 * rows since `since`, and no new dead letter since `dlqBefore`; returns the violations' messages.
 */
export async function checkInvariants(
  src: Source & { dlqOffsets(): Promise<Record<string, number>> },
  scope: Exclude<CheckScope, 'all'>,
  since: Date,
  dlqBefore?: Record<string, number>,
): Promise<string[]> {
  const violations = await findViolations(src, scope, { since })
  if (dlqBefore) violations.push(...newDeadLetters(dlqBefore, await src.dlqOffsets()))
  return violations.map((v) => v.message)
}

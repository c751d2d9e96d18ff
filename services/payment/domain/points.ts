/** Point rules (SPEC §5): integer KRW, charges bounded, balances capped and never negative. */
export const CHARGE_MIN = 1
export const CHARGE_MAX = 10_000_000
export const BALANCE_CAP = 100_000_000

export type PointTransactionType = 'CHARGE' | 'USE' | 'REFUND'

export type BalanceChange =
  | { ok: true; balance: number }
  | { ok: false; code: 'BALANCE_LIMIT_EXCEEDED' | 'INSUFFICIENT_POINTS' }

export function charge(balance: number, amount: number): BalanceChange {
  const next = balance + amount
  return next > BALANCE_CAP ? { ok: false, code: 'BALANCE_LIMIT_EXCEEDED' } : { ok: true, balance: next }
}

/** `balance` is undefined for a user who never charged: they have nothing to spend. */
export function use(balance: number | undefined, amount: number): BalanceChange {
  if (balance === undefined || balance < amount) return { ok: false, code: 'INSUFFICIENT_POINTS' }
  return { ok: true, balance: balance - amount }
}

/**
 * A refund gives back exactly what a use took, so it is never refused, not even above the cap
 * (the user may have charged up to it in between): losing points is worse than exceeding a limit.
 */
export function refund(balance: number, amount: number): number {
  return balance + amount
}

/** How a point transaction moves the balance; the conservation invariant sums these. */
export function signedAmount(type: PointTransactionType, amount: number): number {
  return type === 'USE' ? -amount : amount
}

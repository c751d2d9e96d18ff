/**
 * Waiting-room rules, free of I/O. The live queue is in Redis (FIFO by join sequence); the `token`
 * table keeps each token's history. A token's status is what Redis says while it is live, and what
 * MySQL says once it has ended.
 */
export type TokenStatus = 'WAITING' | 'ACTIVE' | 'USED' | 'EXPIRED'

export const LIVE_STATUSES: readonly TokenStatus[] = ['WAITING', 'ACTIVE']

const TRANSITIONS: Record<TokenStatus, readonly TokenStatus[]> = {
  WAITING: ['ACTIVE', 'EXPIRED'],
  ACTIVE: ['USED', 'EXPIRED'],
  USED: [],
  EXPIRED: [],
}

export function canTransition(from: TokenStatus, to: TokenStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/** Where a token stands in Redis right now. */
export type LivePlacement =
  | { kind: 'waiting'; rank: number; ratePerSecond?: number }
  | { kind: 'active'; expiresAtMs: number }
  | { kind: 'gone' }

export interface TokenView {
  status: TokenStatus
  position: number
  etaSeconds: number
  expiresAt?: Date
}

/** Position counts from 1; the ETA assumes the current admission rate (the controller's) keeps up. */
export function etaSeconds(position: number, admitPerSecond: number): number {
  return position <= 0 ? 0 : Math.ceil(position / admitPerSecond)
}

/**
 * Combines the stored status with the live placement (whose rate, when the controller has one,
 * replaces the configured ceiling in the ETA). A token that left the queue without being
 * admitted (idle drop-out) or whose admission ran out is EXPIRED; an ended token stays ended.
 */
export function viewToken(stored: TokenStatus, placement: LivePlacement, admitPerSecond: number, nowMs: number): TokenView {
  if (stored === 'USED' || stored === 'EXPIRED') return { status: stored, position: 0, etaSeconds: 0 }
  switch (placement.kind) {
    case 'waiting': {
      const position = placement.rank + 1
      return { status: 'WAITING', position, etaSeconds: etaSeconds(position, placement.ratePerSecond ?? admitPerSecond) }
    }
    case 'active':
      if (placement.expiresAtMs <= nowMs) return { status: 'EXPIRED', position: 0, etaSeconds: 0 }
      return { status: 'ACTIVE', position: 0, etaSeconds: 0, expiresAt: new Date(placement.expiresAtMs) }
    case 'gone':
      return { status: 'EXPIRED', position: 0, etaSeconds: 0 }
  }
}

/** When a schedule of the performance can be booked: from `bookingOpensAt` until it starts. */
export interface ScheduleWindow {
  bookingOpensAt: Date
  startsAt: Date
}

export type SaleState = 'unknown' | 'not-on-sale' | 'on-sale'

/**
 * Whether fans may queue for a performance now: it must have a schedule (else user-service has
 * not heard of it) and one of its schedules must be on sale (bookingOpensAt <= now < startsAt).
 * Queueing for a sale that has not opened would only hand out admissions that cannot hold a seat.
 */
export function saleState(schedules: readonly ScheduleWindow[], now: Date): SaleState {
  if (schedules.length === 0) return 'unknown'
  const at = now.getTime()
  return schedules.some((s) => s.bookingOpensAt.getTime() <= at && at < s.startsAt.getTime()) ? 'on-sale' : 'not-on-sale'
}

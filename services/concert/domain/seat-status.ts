import { createHash } from 'node:crypto'
import type { SeatStatus } from './seat.ts'

/**
 * The compact seat map (GET /seats/{scheduleId}/status and /layout): a static layout, cacheable for
 * good, and a live status string with one character per seat in layout order. Pure.
 */
export const STATUS_CHAR: Record<SeatStatus, string> = { AVAILABLE: 'A', HELD: 'H', SOLD: 'S' }

export interface SeatLike {
  seatId: number
  section: string
  row: number
  number: number
  grade: string
  price: number
  status: SeatStatus
}

/** A seat AVAILABLE in concert's map that order-service's hold board lists is shown HELD. */
export function overlayHolds<S extends { seatId: number; status: SeatStatus }>(seats: readonly S[], taken: ReadonlySet<number>): S[] {
  if (taken.size === 0) return [...seats]
  return seats.map((seat) => (seat.status === 'AVAILABLE' && taken.has(seat.seatId) ? { ...seat, status: 'HELD' } : seat))
}

export function statusString(seats: ReadonlyArray<{ status: SeatStatus }>): string {
  let out = ''
  for (const seat of seats) out += STATUS_CHAR[seat.status]
  return out
}

/** A short content hash: the same status or layout gets the same tag on every instance. */
export const contentTag = (text: string) => createHash('sha1').update(text).digest('base64url').slice(0, 16)

export interface Layout {
  totalSeats: number
  /** Sections in layout order; each row's seats are numbered 1..seats. */
  sections: Array<{ name: string; grade: string; price: number; rows: Array<{ row: number; seats: number }> }>
  /** Seat ids in layout order as runs [firstSeatId, count]: seat i of the layout is the i-th id. */
  seatIds: Array<[number, number]>
}

/** The static part of a seat map (seats in layout order), grouped; positions match the status string. */
export function layoutOf(seats: readonly SeatLike[]): Layout {
  const sections: Layout['sections'] = []
  const seatIds: Layout['seatIds'] = []
  for (const seat of seats) {
    let section = sections.at(-1)
    if (!section || section.name !== seat.section) {
      section = { name: seat.section, grade: seat.grade, price: seat.price, rows: [] }
      sections.push(section)
    }
    const row = section.rows.at(-1)
    if (row && row.row === seat.row) row.seats++
    else section.rows.push({ row: seat.row, seats: 1 })
    const run = seatIds.at(-1)
    if (run && run[0] + run[1] === seat.seatId) run[1]++
    else seatIds.push([seat.seatId, 1])
  }
  return { totalSeats: seats.length, sections, seatIds }
}

/** Does an If-None-Match header name this entity tag (weak or strong, or `*`)? */
export function matchesTag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t === etag || t === `W/${etag}`
  })
}

export type Encoding = 'br' | 'gzip' | 'identity'

/** The best encoding a client accepts (brotli, then gzip), from Accept-Encoding with its q-values. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity'
  const accepted = new Map<string, number>()
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean)
    if (name) accepted.set(name, q === undefined ? 1 : Number(q))
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return 'identity'
}

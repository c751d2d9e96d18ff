import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { contentTag, layoutOf, overlayHolds, statusString, type Encoding } from '../domain/seat-status.ts'
import type { HoldBoardReader } from './hold-board.ts'
import type { SeatCache } from './seat-cache.ts'

/**
 * The compact seat map's bodies, built once and shared by every request that asks within
 * `maxAgeMs` (status) or ever (layout, which never changes), with their compressed forms made once
 * per version. So a crowd polling a 50,000-seat map costs one map read per schedule and instance per
 * `maxAgeMs`, and a 304 costs no read at all.
 */
export class Body {
  private readonly encoded = new Map<Encoding, Buffer>()
  constructor(readonly etag: string, private readonly json: string) {}

  bytes(encoding: Encoding): Buffer {
    let bytes = this.encoded.get(encoding)
    if (!bytes) {
      const raw = Buffer.from(this.json)
      bytes = encoding === 'br'
        ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : encoding === 'gzip' ? gzipSync(raw, { level: 6 }) : raw
      this.encoded.set(encoding, bytes)
    }
    return bytes
  }
}

interface Entry { body: Promise<Body | undefined>; at: number }

/** Schedules whose bodies an instance keeps (a sale has a handful; old ones drop out first). */
const MAX_SCHEDULES = 200

export class CompactSeatMap {
  private readonly statuses = new Map<string, Entry>()
  private readonly layouts = new Map<string, Entry>()

  constructor(private readonly options: { cache: SeatCache; board: HoldBoardReader; maxAgeMs: number }) {}

  /** The live status body of a schedule, at most `maxAgeMs` old; undefined for an unknown schedule. */
  status(scheduleId: string): Promise<Body | undefined> {
    return this.cached(this.statuses, scheduleId, this.options.maxAgeMs, async () => {
      const [seats, taken] = await Promise.all([this.options.cache.statuses(scheduleId), this.options.board.taken(scheduleId)])
      if (!seats || seats.length === 0) return undefined
      const status = statusString(overlayHolds(seats, taken))
      const version = contentTag(status)
      const count = (c: string) => status.split(c).length - 1
      const json = JSON.stringify({ scheduleId, version, available: count('A'), held: count('H'), sold: count('S'), seats: status })
      return new Body(`"${version}"`, json)
    })
  }

  /** The static layout body of a schedule; undefined for an unknown schedule. */
  layout(scheduleId: string): Promise<Body | undefined> {
    return this.cached(this.layouts, scheduleId, Infinity, async () => {
      const seats = await this.options.cache.seats(scheduleId)
      if (!seats || seats.length === 0) return undefined
      const layout = layoutOf(seats)
      const version = contentTag(JSON.stringify(layout))
      return new Body(`"layout-${version}"`, JSON.stringify({ scheduleId, version, ...layout }))
    })
  }

  /** Single flight per schedule: concurrent requests share one build; a failed or empty build is not kept. */
  private cached(entries: Map<string, Entry>, scheduleId: string, maxAgeMs: number, build: () => Promise<Body | undefined>): Promise<Body | undefined> {
    const now = Date.now()
    const entry = entries.get(scheduleId)
    if (entry && now - entry.at <= maxAgeMs) return entry.body
    const body = build()
    entries.delete(scheduleId)
    entries.set(scheduleId, { body, at: now })
    body.then((built) => { if (!built) entries.delete(scheduleId) }, () => entries.delete(scheduleId))
    if (entries.size > MAX_SCHEDULES) entries.delete(entries.keys().next().value!)
    return body
  }
}

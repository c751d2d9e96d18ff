/**
 * Bytes of the compact seat map against GET /seats for a venue of N seats (no I/O: the bodies are
 * built as the routes build them), uncompressed, gzip and br, at a given share of seats taken.
 *
 *   node --import tsx bench/status-size.ts [--seats 1000,50000] [--taken 0.3]
 */
import { parseArgs } from 'node:util'
import { Body } from '../db/compact-map.ts'
import { contentTag, layoutOf, statusString, type SeatLike } from '../domain/seat-status.ts'

const { values } = parseArgs({ options: { seats: { type: 'string', default: '1000,50000' }, taken: { type: 'string', default: '0.3' } } })
const taken = Number(values.taken)
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

for (const total of values.seats.split(',').map(Number)) {
  // Sections of 1,000 seats (20 rows of 50), graded as a stadium; holds and sales spread at random.
  const seats: SeatLike[] = []
  for (let i = 0; i < total; i++) {
    const r = Math.random()
    seats.push({
      seatId: 100_000 + i, section: `S${Math.floor(i / 1000) + 1}`, row: Math.floor((i % 1000) / 50) + 1, number: (i % 50) + 1,
      grade: ['VIP', 'R', 'S', 'A'][Math.floor(i / 1000) % 4]!, price: 50_000 + 10_000 * (Math.floor(i / 1000) % 4),
      status: r < taken / 2 ? 'SOLD' : r < taken ? 'HELD' : 'AVAILABLE',
    })
  }
  const status = statusString(seats)
  const statusBody = new Body('"x"', JSON.stringify({ scheduleId: '00000000-0000-4000-8000-000000000000', version: contentTag(status), available: 0, held: 0, sold: 0, seats: status }))
  const layout = layoutOf(seats)
  const layoutBody = new Body('"y"', JSON.stringify({ scheduleId: '00000000-0000-4000-8000-000000000000', version: contentTag(JSON.stringify(layout)), ...layout }))
  const full = new Body('"z"', JSON.stringify({ scheduleId: '00000000-0000-4000-8000-000000000000', items: seats }))
  const row = (name: string, body: Body) => {
    const started = performance.now()
    const sizes = (['identity', 'gzip', 'br'] as const).map((e) => body.bytes(e).length)
    return `${name.padEnd(22)} ${kb(sizes[0]!).padStart(10)} ${kb(sizes[1]!).padStart(10)} ${kb(sizes[2]!).padStart(10)}   (${(performance.now() - started).toFixed(1)} ms to encode all)`
  }
  console.log(`\n${total} seats, ${Math.round(taken * 100)} % taken            identity       gzip         br`)
  console.log(row('GET /seats', full))
  console.log(row('GET /seats/{id}/status', statusBody))
  console.log(row('GET /seats/{id}/layout', layoutBody))
}

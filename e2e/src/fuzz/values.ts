/**
 * Values for one schema: a valid one (real ids of the fuzz world where the name says which), and the
 * families of wrong ones — another JSON type, out of bounds or huge, hostile text, bad encodings.
 */
import type { JsonSchema } from './openapi.ts'
import { typesOf } from './openapi.ts'
import { Raw, rawString } from './json-text.ts'
import type { Rng } from './rng.ts'

export interface FuzzWorld {
  /** in every text the fuzzer sends, so rows it might create are found */
  marker: string
  /** real ids by parameter/field name: performanceId, scheduleId, venueId, userId, reservationId, orderId, paymentId, tokenId */
  ids: Record<string, string>
  /** AVAILABLE seats of `ids.scheduleId` */
  seatIds: number[]
  owner: { userId: string; token: string; admission: string }
  stranger: { userId: string; token: string; admission: string }
  admin: { token: string }
}

/** Ids that belong to the owner: another user sending them must be refused. */
export const OWNED_IDS = new Set(['userId', 'reservationId', 'orderId', 'paymentId', 'tokenId'])

const DAY = 86_400_000

function validString(name: string, schema: JsonSchema, world: FuzzWorld, rng: Rng): string {
  if (world.ids[name] && schema.format === 'uuid') return world.ids[name]
  switch (schema.format) {
    case 'uuid': return rng.uuid()
    case 'email': return `${world.marker}-${rng.hex(8)}@fuzz.concert.local`
    case 'date-time': {
      const base = Date.now() + 2 * DAY
      if (/ends/i.test(name)) return new Date(base + 3 * 3600_000).toISOString()
      if (/opens/i.test(name)) return new Date(Date.now() - 3600_000).toISOString()
      return new Date(base).toISOString()
    }
    case 'uri': return `https://fuzz.concert.local/${world.marker}`
  }
  let text = /password/i.test(name) ? `Pw-${world.marker}-${rng.hex(12)}` : `${world.marker} ${name}`
  while (text.length < (schema.minLength ?? 1)) text += 'x'
  if (schema.maxLength !== undefined && text.length > schema.maxLength) text = text.slice(0, schema.maxLength)
  return text
}

function validNumber(name: string, schema: JsonSchema): number {
  const named: Record<string, number> = { amount: 1000, price: 1000, rating: 5, rows: 1, seatsPerRow: 1, page: 1, size: 20 }
  let n = named[name] ?? schema.minimum ?? 1
  if (schema.minimum !== undefined && n < schema.minimum) n = schema.minimum
  if (schema.maximum !== undefined && n > schema.maximum) n = schema.maximum
  return n
}

/** A value the schema accepts, with the world's real ids where the name says which. */
export function validValue(name: string, schema: JsonSchema, world: FuzzWorld, rng: Rng): unknown {
  if (schema.const !== undefined) return schema.const
  if (schema.enum?.length) return schema.enum[0]
  if (schema.anyOf?.length) return validValue(name, schema.anyOf[0]!, world, rng)
  if (schema.oneOf?.length) return validValue(name, schema.oneOf[0]!, world, rng)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': return validString(name, schema, world, rng)
    case 'integer':
    case 'number': return validNumber(name, schema)
    case 'boolean': return true
    case 'array': {
      if (name === 'seatIds') return world.seatIds.slice(0, Math.max(1, schema.minItems ?? 1))
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => validValue(name.replace(/s$/, ''), schema.items ?? {}, world, rng))
    }
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const key of schema.required ?? Object.keys(schema.properties ?? {})) out[key] = validValue(key, schema.properties?.[key] ?? {}, world, rng)
      return out
    }
    default: return `${world.marker}`
  }
}

const OTHER_TYPES: Array<{ type: string; value: () => unknown }> = [
  { type: 'string', value: () => 'fuzz-not-a-number' },
  { type: 'string', value: () => '1' },
  { type: 'number', value: () => 12345 },
  { type: 'number', value: () => -1.5 },
  { type: 'boolean', value: () => true },
  { type: 'null', value: () => null },
  { type: 'array', value: () => [] },
  { type: 'array', value: () => ['fuzz', 1] },
  { type: 'object', value: () => ({}) },
  { type: 'object', value: () => ({ $gt: '' }) },
]

/** Values of a JSON type the schema does not admit (a fraction for an integer). */
export function wrongTypeValues(schema: JsonSchema): unknown[] {
  const types = typesOf(schema)
  const integerOnly = (Array.isArray(schema.type) ? schema.type : [schema.type]).includes('integer')
  const out = OTHER_TYPES.filter((o) => !types.has(o.type)).map((o) => o.value())
  if (integerOnly) out.push(2.5, new Raw('1.0000000000000002'))
  return out
}

const HUGE_STRING = 20_000

/** Out of bounds, malformed for its format, or huge (every one invalid for the schema). */
export function boundaryValues(schema: JsonSchema, valid: unknown): unknown[] {
  const types = typesOf(schema)
  const out: unknown[] = []
  if (schema.enum?.length) out.push('FUZZ_NOT_IN_ENUM', String(schema.enum[0]).toLowerCase() + 'x')
  if (types.has('string')) {
    if (schema.maxLength !== undefined) out.push('x'.repeat(schema.maxLength + 1))
    if ((schema.minLength ?? 0) >= 1) out.push('')
    out.push(typeof valid === 'string' ? valid + 'y'.repeat(HUGE_STRING) : 'y'.repeat(HUGE_STRING))
    switch (schema.format) {
      case 'uuid': out.push('00000000-0000-0000-0000-00000000000g', `${String(valid)}0`, 'not-a-uuid', `{${String(valid)}}`); break
      case 'date-time': out.push('2026-13-45T99:99:99Z', '+275760-09-13T00:00:00.000Z', 'yesterday', '1700000000'); break
      case 'email': out.push('no-at-sign.example', `${'a'.repeat(300)}@fuzz.concert.local`, '@fuzz.concert.local', 'a@@b.c'); break
    }
  }
  if (types.has('number')) {
    if (schema.maximum !== undefined) out.push(schema.maximum + 1)
    if (schema.minimum !== undefined) out.push(schema.minimum - 1)
    out.push(2 ** 53 + 2, -(2 ** 63), 1e308, new Raw('1e400'), new Raw('-1e400'), new Raw('123456789012345678901234567890123'))
  }
  if (types.has('array')) {
    const item = Array.isArray(valid) && valid.length ? valid[0] : 1
    if (schema.maxItems !== undefined) out.push(Array.from({ length: schema.maxItems + 1 }, (_, i) => (typeof item === 'number' ? item + i : item)))
    if ((schema.minItems ?? 0) >= 1) out.push([])
    if (schema.uniqueItems) out.push([item, item])
    const items = schema.items ?? {}
    if (typesOf(items).has('number')) out.push([(items.minimum ?? 1) - 1], [new Raw('1e400')], ['1'], [1.5])
    out.push(new Raw(`[${Array.from({ length: 20_000 }, (_, i) => i + 1).join(',')}]`))
  }
  return out
}

/** Control characters, bidi overrides/isolates and blanks: text no one should store or show. */
export function hostileTexts(schema: JsonSchema): string[] {
  const out = [
    'fz\u0000nul', 'fz\u0007bell', 'fz\u001b[2Jansi', 'fz\u007fdel', '\u0085fz-nel',
    '\u202Efz-rlo', '\u202Dfz-lro', 'fz\u2066isolate\u2069', '\u2067fz-rli', '\u202Afz-lre',
  ]
  if ((schema.minLength ?? 0) >= 1) out.push('   ', '\u3000\u00a0')
  return out
}

/** Invalid UTF-8 inside a JSON string literal (the bytes, not escapes), and a lone surrogate escape. */
export function badEncodings(): Raw[] {
  return [
    rawString(Buffer.from([0x66, 0x7a, 0xff, 0xfe])),
    rawString(Buffer.from([0x66, 0x7a, 0xc0, 0xae])),
    rawString(Buffer.from([0x66, 0x7a, 0xed, 0xa0, 0x80])),
    rawString(Buffer.from([0x66, 0x7a, 0xe2, 0x82])),
    new Raw('"fz\\ud800x"'),
    new Raw('"fz\\udfff"'),
  ]
}

export function deepNesting(depth: number): Raw[] {
  return [new Raw('['.repeat(depth) + ']'.repeat(depth)), new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))]
}

/** Path parameter values (already as they go on the wire) that are not the resource's id. */
export function badPathValues(valid: string): Array<{ value: string; badUrl: boolean }> {
  return [
    { value: 'not-a-uuid', badUrl: false },
    { value: '12345', badUrl: false },
    { value: 'a'.repeat(250), badUrl: false },
    { value: `${valid}${'0'.repeat(200)}`, badUrl: false },
    { value: `${valid}0`, badUrl: false },
    { value: valid.toUpperCase().replace(/-/g, ''), badUrl: false },
    { value: '%00', badUrl: false },
    { value: '%20', badUrl: false },
    { value: `${valid}%0a`, badUrl: false },
    { value: '%E2%80%AE' + valid.slice(3), badUrl: false },
    { value: '..%2f..%2fusers', badUrl: false },
    { value: '%zz', badUrl: true },
    { value: `${valid.slice(0, 30)}%z`, badUrl: true },
    { value: '%c0%ae%c0%ae', badUrl: true },
    { value: '%ff%fe', badUrl: true },
    { value: '%ed%a0%80', badUrl: true },
  ]
}

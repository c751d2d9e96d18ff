import { Type, type Static, type TSchema, type TString } from 'typebox'
import { describePattern } from './errors.ts'
import { ERROR_CODES_KEY } from './openapi.ts'

/** Shared wire shapes: one definition feeds validation, TypeScript types and OpenAPI. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
  },
  { $id: 'Problem', additionalProperties: true, description: 'application/problem+json (RFC 9457)' },
)

// C0 and C1 controls (ESC starts every ANSI escape; 0x9B is the one-byte CSI), DEL, and the
// bidirectional embeddings, overrides and isolates that make text display differently from what it is.
const CONTROLS = '\\x00-\\x1F\\x7F-\\x9F'
const CONTROLS_BUT_LINES = '\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F' // keeps \t and \n; \r only in \r\n (below)
const BIDI = '\\u202A-\\u202E\\u2066-\\u2069'
// What does not count as something to read: white space and zero-width characters.
const INVISIBLE = '\\s\\u200B-\\u200F\\u2060-\\u2064\\uFEFF'

export interface TextOptions {
  maxLength: number
  /** Newlines (\n or \r\n) and tabs allowed: review text, descriptions. */
  multiline?: boolean
  /** '' is a valid value (meaning "none"); text that is only white space still is not. */
  allowEmpty?: boolean
  /** No leading or trailing white space: labels shown and compared exactly as given. */
  trimmed?: boolean
  description?: string
}

/**
 * Human text from clients (names, titles, addresses, reviews): at least one visible character, no
 * control characters (so no NUL, no ANSI escapes), no bidirectional overrides or isolates. Rejected
 * values are a 400 VALIDATION_FAILED naming the field (`body.name must be ...`).
 */
export function Text(options: TextOptions): TString {
  const { maxLength, multiline = false, allowEmpty = false, trimmed = false } = options
  const char = multiline ? `(?:[^${CONTROLS_BUT_LINES}${BIDI}]|\\r\\n)` : `[^${CONTROLS}${BIDI}]`
  const visible = `(?=[\\s\\S]*?[^${INVISIBLE}])`
  const text = trimmed ? `${visible}(?!\\s)${char}*(?<!\\s)` : `${visible}${char}*`
  const pattern = allowEmpty ? `^(?:|${text})$` : `^${text}$`
  describePattern(pattern, [
    multiline ? 'must be visible text without control characters other than line breaks and tabs' : 'must be one line of visible text without control characters',
    'nor bidirectional overrides, not blank',
    ...(trimmed ? ['and without leading or trailing spaces'] : []),
  ].join(', '))
  return Type.String({
    minLength: allowEmpty ? 0 : 1,
    maxLength,
    pattern,
    ...(options.description ? { description: options.description } : {}),
  })
}

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 })
export const IsoDateTime = Type.String({ format: 'date-time' })

export const PageQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
)
export type PageQuery = Static<typeof PageQuery>

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    size: Type.Integer(),
    total: Type.Integer(),
  })

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({ format: 'uuid', description: 'A client-generated UUID; replays return the first response' }),
})

/**
 * The problem responses a route can produce, by status, for OpenAPI: a status alone, or
 * `{ 409: ['SEAT_UNAVAILABLE', …] }` naming the route's own codes for it. The platform adds the codes it
 * answers itself (validation, auth, outages: openapi.ts) and publishes them as the operation's
 * `x-error-codes`, each response as application/problem+json referencing the one Problem schema.
 */
export function problems(...statuses: Array<number | Record<number, readonly string[]>>): Record<number, typeof ProblemSchema> {
  const out: Record<number, typeof ProblemSchema> = {}
  for (const entry of statuses) {
    if (typeof entry === 'number') {
      out[entry] = ProblemSchema
      continue
    }
    for (const [status, codes] of Object.entries(entry)) {
      // Same wire shape (serialization is unchanged); the codes ride along for the OpenAPI transform.
      const { $id: _id, ...shape } = ProblemSchema as typeof ProblemSchema & { $id?: string }
      out[Number(status)] = { ...shape, [ERROR_CODES_KEY]: [...codes] } as unknown as typeof ProblemSchema
    }
  }
  return out
}

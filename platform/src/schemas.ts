import { Type, type Static, type TSchema } from 'typebox'

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

/** The problem responses a route can produce, by status, for OpenAPI. */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  const out: Record<number, typeof ProblemSchema> = {}
  for (const status of statuses) out[status] = ProblemSchema
  return out
}

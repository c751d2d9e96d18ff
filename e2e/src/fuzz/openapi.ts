/**
 * The operations the fuzzer attacks, read from the merged OpenAPI document the gateway serves, so a
 * new route is fuzzed the day it is published, with no list to keep in step.
 */
export interface JsonSchema {
  type?: string | string[]
  format?: string
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  pattern?: string
  default?: unknown
  $ref?: string
  [k: string]: unknown
}

export interface Param {
  name: string
  schema: JsonSchema
  required: boolean
}

export interface Operation {
  /** `POST /reservations` */
  id: string
  method: string
  /** path template, `{name}` for parameters */
  path: string
  summary: string
  pathParams: Param[]
  query: Param[]
  headers: Param[]
  /** JSON object body, when the operation takes one */
  body?: JsonSchema & { properties: Record<string, JsonSchema> }
  bearer: boolean
  queueToken: boolean
  /** only an admin may call it (the summary says "(admin)") */
  admin: boolean
}

interface RawOperation {
  summary?: string
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
  security?: Array<Record<string, unknown>>
  responses?: unknown
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>
  components?: { schemas?: Record<string, JsonSchema> }
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/** Inlines `#/components/schemas/...` references (the merged document keeps shared schemas there). */
function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined, depth = 0): JsonSchema {
  if (!schema || depth > 20) return schema ?? {}
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '')
    return resolve(doc, doc.components?.schemas?.[name], depth + 1)
  }
  const out: JsonSchema = { ...schema }
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)]))
  if (schema.items) out.items = resolve(doc, schema.items, depth + 1)
  if (schema.anyOf) out.anyOf = schema.anyOf.map((s) => resolve(doc, s, depth + 1))
  if (schema.oneOf) out.oneOf = schema.oneOf.map((s) => resolve(doc, s, depth + 1))
  return out
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const raw = item[method]
      if (!raw?.responses) continue
      const params = (raw.parameters ?? []).map((p) => ({ in: p.in, name: p.name, required: !!p.required, schema: resolve(doc, p.schema) }))
      const bodySchema = resolve(doc, raw.requestBody?.content?.['application/json']?.schema)
      const schemes = new Set((raw.security ?? []).flatMap((s) => Object.keys(s)))
      const summary = raw.summary ?? ''
      out.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        summary,
        pathParams: params.filter((p) => p.in === 'path'),
        // Swagger marks defaulted query parameters required; leaving one out is a valid request.
        query: params.filter((p) => p.in === 'query').map((p) => ({ ...p, required: p.required && p.schema.default === undefined })),
        headers: params.filter((p) => p.in === 'header'),
        ...(bodySchema.properties ? { body: bodySchema as Operation['body'] } : {}),
        bearer: schemes.has('bearer'),
        queueToken: schemes.has('queueToken'),
        admin: /\(admin\)/i.test(summary),
      })
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id))
}

/** The JSON types a schema admits (`integer` counts as a number). */
export function typesOf(schema: JsonSchema): Set<string> {
  const types = new Set<string>()
  const add = (s: JsonSchema) => {
    if (s.anyOf) s.anyOf.forEach(add)
    if (s.oneOf) s.oneOf.forEach(add)
    if (s.enum) for (const v of s.enum) types.add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)
    for (const t of Array.isArray(s.type) ? s.type : s.type ? [s.type] : []) types.add(t === 'integer' ? 'number' : t)
  }
  add(schema)
  return types
}

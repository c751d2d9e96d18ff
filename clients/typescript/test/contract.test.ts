/**
 * The gateway's merged OpenAPI document as a contract, built from the real services (in process):
 * every operation has a stable operationId, a security requirement, error codes and examples; both
 * linters report nothing; and the committed document, SDK types and docs/errors.md are exactly what
 * the current routes generate. A route added or changed without these fails here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { mergedSpecInProcess } from '../scripts/in-process.ts'
import { GENERATED, operations, readCommitted, redoclyLint, render, repoRoot, spectralLint, tempSpec, type Json } from '../scripts/spec.ts'
import { IDEMPOTENT_POSTS } from '../src/index.ts'

const document = await mergedSpecInProcess()
const all = operations(document)
const name = ({ method, path }: { method: string; path: string }) => `${method.toUpperCase()} ${path}`

/** Settings the services read from the environment: an implementation detail no description may name. */
function settingNames(): Set<string> {
  const files = ['platform/src/config.ts', ...['user', 'concert', 'order', 'payment', 'review', 'gateway'].map((s) => `services/${s}/config.ts`)]
  return new Set(files.flatMap((file) => [...readFileSync(join(repoRoot, file), 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!)))
}

t.test('every operation is a contract', async (t) => {
  t.ok(all.length >= 30, `${all.length} operations`)
  const ids = all.map(({ operation }) => operation['operationId'])
  t.same(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'operationIds are unique')
  const settings = settingNames()
  for (const entry of all) {
    const { operation } = entry
    const id = String(operation['operationId'])
    t.match(id, /^[a-z]+[A-Za-z]*$/, `${name(entry)} has a camelCase operationId (${id})`)
    t.ok(Array.isArray(operation['security']), `${id}: security declared ([] when public)`)
    const codes = operation['x-error-codes'] as string[] | undefined
    t.ok(codes && codes.length > 0, `${id}: x-error-codes`)
    for (const [status, response] of Object.entries(operation['responses'] as Record<string, Json>)) {
      const content = response['content'] as Record<string, Json> | undefined
      if (Number(status) >= 400) {
        t.same(Object.keys(content ?? {}), ['application/problem+json'], `${id} ${status}: problem+json`)
        t.same(content?.['application/problem+json']?.['schema'], { $ref: '#/components/schemas/Problem' }, `${id} ${status}: the one Problem schema`)
        t.ok((response['x-error-codes'] as string[]).length > 0, `${id} ${status}: names its codes (problems({ ${status}: ['CODE'] }))`)
      } else if (content) {
        for (const [type, media] of Object.entries(content)) t.ok(media['example'] !== undefined, `${id} ${status} ${type}: example`)
      }
    }
    const body = operation['requestBody'] as { content: Record<string, Json> } | undefined
    if (body) for (const [type, media] of Object.entries(body.content)) t.ok(media['example'] !== undefined, `${id} request ${type}: example`)
    for (const parameter of (operation['parameters'] as Json[] | undefined) ?? []) {
      if ((parameter['schema'] as Json)['default'] !== undefined) t.notOk(parameter['required'], `${id}: ${String(parameter['name'])} has a default, so it is optional`)
    }
    const text = `${String(operation['summary'] ?? '')} ${String(operation['description'] ?? '')}`
    const named = [...text.matchAll(/\b[A-Z][A-Z0-9_]+\b/g)].map((m) => m[0]).filter((word) => settings.has(word))
    t.same(named, [], `${id}: no setting names in the summary or description`)
  }
  const schemas = (document['components'] as { schemas: Json }).schemas
  t.ok(schemas['Problem'], 'one Problem component')
  t.notOk(Object.keys(schemas).some((key) => key.endsWith('.Problem')), 'Problem is merged once across services')
  const jwks = ((document['paths'] as Json)['/.well-known/jwks.json'] as { get: { responses: { 200: { content: Record<string, Json> } } } }).get
  t.match(jwks.responses[200].content['application/json']!['schema'], { properties: { keys: { type: 'array' } } }, 'the JWKS answer has a schema')
})

t.test('the client adds an Idempotency-Key to exactly the operations that take one', async (t) => {
  const takes = all.filter(({ operation }) => ((operation['parameters'] as Json[] | undefined) ?? []).some((p) => p['name'] === 'idempotency-key'))
  t.same(takes.map(({ method }) => method), takes.map(() => 'post'), 'only POSTs take one')
  t.same([...IDEMPOTENT_POSTS].sort(), takes.map(({ path }) => path).sort(), 'src/index.ts IDEMPOTENT_POSTS')
})

t.test('redocly (recommended) and spectral (spectral:oas) report nothing', async (t) => {
  const file = tempSpec(document)
  const [redocly, spectral] = await Promise.all([redoclyLint(file), spectralLint(file)])
  t.comment(`redocly: ${redocly.errors} errors, ${redocly.warnings} warnings; spectral: ${spectral.errors} errors, ${spectral.warnings} warnings`)
  t.same(redocly.messages, [], 'redocly lint --extends recommended')
  t.same(spectral.messages, [], 'spectral lint (spectral:oas)')
})

t.test('the committed document, SDK types and error table are what the routes generate', async (t) => {
  const files = await render(document)
  t.same(Object.keys(files).sort(), Object.values(GENERATED).sort())
  const again = await render(structuredClone(document))
  t.same(again, files, 'rendering is deterministic')
  for (const [path, content] of Object.entries(files)) {
    // One assertion per file, with a hint instead of a 10,000-line diff.
    const committed = readCommitted(path)
    const lines = committed?.split('\n') ?? []
    const first = content.split('\n').findIndex((line, i) => line !== lines[i])
    t.ok(committed === content, `${path} is up to date (run \`pnpm --filter @concert/client generate\` and commit)`, {
      firstDifference: first < 0 ? 'length' : `line ${first + 1}: ${content.split('\n')[first]}`,
    })
  }
})

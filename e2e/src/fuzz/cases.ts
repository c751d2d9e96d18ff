/**
 * Malformed requests for every operation of the OpenAPI document, deterministic from the seed.
 *
 * Each case starts from the operation's valid request (the owner's real token and ids, a valid body)
 * and breaks exactly one thing — a field's type or bounds, hostile text, an encoding, the path, the
 * content type, the JSON itself, an idempotency or queue header, the credentials — so the request
 * gets past everything else and the thing under test decides the answer. Nothing a case sends may be
 * accepted by an unsafe method: every case must be refused and must change nothing.
 */
import type { JsonSchema, Operation } from './openapi.ts'
import { Raw, deleteAt, jsonBytes, setAt } from './json-text.ts'
import type { Rng } from './rng.ts'
import {
  OWNED_IDS, badEncodings, badPathValues, boundaryValues, deepNesting, hostileTexts, validValue, wrongTypeValues, type FuzzWorld,
} from './values.ts'

export type AuthKind = 'owner' | 'stranger' | 'fan-on-admin' | 'none' | 'garbage' | 'basic' | 'tampered' | 'admission-as-bearer' | 'empty-bearer'

/** What the answer must be (checked on top of the universal rules). */
export interface Expect {
  status: number[]
  code?: string[]
  /** the problem's detail names this field */
  detailNames?: string
}

export interface FuzzCase {
  n: number
  op: string
  kind: string
  auth: AuthKind
  method: string
  /** exactly as sent on the request line */
  path: string
  headers: Record<string, string | string[]>
  body?: Buffer
  expect?: Expect
}

interface Draft {
  kind: string
  auth?: AuthKind
  /** raw (already encoded) values replacing the valid ones */
  pathParams?: Record<string, string>
  pathSuffix?: string
  method?: string
  /** raw query pairs replacing the valid query */
  query?: Array<[string, string]>
  headers?: Record<string, string | string[] | null>
  /** replaces the valid body (a JS value, possibly with Raw pieces); NO_BODY sends none */
  body?: unknown
  rawBody?: Buffer
  /** undefined: application/json when there is a body; null: no content-type header */
  contentType?: string | null
  /** applies when the credentials are good enough to reach validation */
  expect?: Expect
  /** applies whatever the credentials */
  expectAlways?: Expect
}

const NO_BODY = Symbol('no body')
const VALIDATION: Expect = { status: [400] }
const TOO_LARGE: Expect = { status: [413], code: ['PAYLOAD_TOO_LARGE'] }

type Path = Array<string | number>
interface Field { path: Path; name: string; schema: JsonSchema; required: boolean }

/** Every field of a body schema, nested objects and the first item of arrays of objects included. */
function fieldsOf(schema: JsonSchema, prefix: Path = [], depth = 0): Field[] {
  const out: Field[] = []
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name]
    out.push({ path, name, schema: sub, required: (schema.required ?? []).includes(name) })
    if (depth < 3 && sub.properties) out.push(...fieldsOf(sub, path, depth + 1))
    if (depth < 3 && sub.items?.properties) out.push(...fieldsOf(sub.items, [...path, 0], depth + 1))
  }
  return out
}

const label = (path: Path) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1)
const isText = (f: Field) => typesOf1(f.schema) === 'string' && !f.schema.format && !f.schema.enum && !/password|token/i.test(f.name)
function typesOf1(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type[0] : schema.type
}

/** An operation's mutators: each makes one malformed request (with fresh random choices on every call). */
function mutators(op: Operation, world: FuzzWorld, rng: Rng): Array<{ name: string; once?: boolean; make: () => Draft }> {
  const out: Array<{ name: string; once?: boolean; make: () => Draft }> = []
  const add = (name: string, make: () => Draft, once = false) => out.push({ name, make, once })
  const ownsIds = op.pathParams.some((p) => OWNED_IDS.has(p.name)) || Object.keys(op.body?.properties ?? {}).some((k) => OWNED_IDS.has(k))
  const unsafe = op.method !== 'GET'

  if (op.body) {
    const body = op.body
    const valid = () => validValue('body', body, world, rng) as Record<string, unknown>
    const withField = (path: Path, value: unknown) => {
      const b = structuredClone(valid())
      setAt(b, path, value)
      return b
    }
    for (const field of fieldsOf(body)) {
      const at = label(field.path)
      for (const value of wrongTypeValues(field.schema)) add(`wrong-type body.${at}`, () => ({ kind: `wrong-type body.${at}`, body: withField(field.path, value), expect: VALIDATION }))
      if (field.required) add(`missing body.${at}`, () => {
        const b = structuredClone(valid())
        deleteAt(b, field.path)
        return { kind: `missing body.${at}`, body: b, expect: VALIDATION }
      })
      const fieldValid = validValue(field.name, field.schema, world, rng)
      for (const value of boundaryValues(field.schema, fieldValid)) add(`bounds body.${at}`, () => ({ kind: `bounds body.${at}`, body: withField(field.path, value), expect: { status: [400, 413] } }))
      if (isText(field)) {
        for (const text of hostileTexts(field.schema)) {
          add(`hostile-text body.${at}`, () => ({ kind: `hostile-text body.${at} ${JSON.stringify(text)}`, body: withField(field.path, text), expect: { status: [400], code: ['VALIDATION_FAILED'], detailNames: field.name } }))
        }
      }
      if (typesOf1(field.schema) === 'string') {
        for (const raw of badEncodings()) add(`bad-encoding body.${at}`, () => ({ kind: `bad-encoding body.${at}`, body: withField(field.path, raw), expect: VALIDATION }))
      }
      for (const raw of deepNesting(rng.pick([2_000, 5_000]))) add(`deep-nesting body.${at}`, () => ({ kind: `deep-nesting body.${at}`, body: withField(field.path, raw), expect: { status: [400, 413] } }))
    }
    const first = Object.keys(body.properties)[0]!
    const extras: Array<[string, unknown]> = [['isAdmin', true], ['userId', world.stranger.userId], ['role', 'admin'], ['status', 'CONFIRMED'], ['fz', 'x'.repeat(10)]]
    for (const [key, value] of extras) {
      if (body.properties[key]) continue
      add('extra-field', () => ({ kind: `extra-field ${key}`, body: { ...valid(), [key]: value }, expect: VALIDATION }))
    }
    add('proto-pollution', () => ({ kind: 'proto-pollution', rawBody: Buffer.from(jsonBytes(valid()).toString().replace(/^\{/, '{"__proto__":{"isAdmin":true},')), expect: VALIDATION }))
    add('proto-pollution', () => ({ kind: 'constructor-pollution', rawBody: Buffer.from(jsonBytes(valid()).toString().replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},')), expect: VALIDATION }))
    for (const notObject of ['null', '[]', '"fz"', '12', 'true', `[${jsonBytes(valid()).toString()}]`]) {
      add('not-an-object', () => ({ kind: `not-an-object ${notObject.slice(0, 20)}`, rawBody: Buffer.from(notObject), expect: VALIDATION }))
    }
    const malformed = (text: string) => [
      text.slice(0, -1), text.slice(0, Math.max(1, text.length >> 1)), `${text},`, `${text}}`, `${text}${text}`, text.replace(/"/g, "'"),
      text.replace(/:/, ':NaN,"x":'), text.replace(/\}$/, ',}'), `\u0000${text}`, '{', '{"a":', '{"a" 1}', 'nul', '[1,2',
    ]
    for (let i = 0; i < 4; i++) {
      add('malformed-json', () => {
        const variant = rng.pick(malformed(jsonBytes(valid()).toString()))
        return { kind: `malformed-json ${JSON.stringify(variant.slice(0, 30))}`, rawBody: Buffer.from(variant), expect: VALIDATION }
      })
    }
    add('empty-json', () => ({ kind: 'empty-json-body', rawBody: Buffer.alloc(0), expect: VALIDATION }))
    add('duplicate-key', () => {
      const v = valid()
      const key = rng.pick(Object.keys(v))
      const text = jsonBytes(v).toString().replace(/\}$/, `,${JSON.stringify(key)}:${JSON.stringify(v[key])}}`)
      return { kind: `duplicate-key ${key} (same value)`, rawBody: Buffer.from(text), expect: { status: [400], code: ['DUPLICATE_JSON_KEY'] } }
    })
    add('duplicate-key', () => {
      const v = valid()
      const text = jsonBytes(v).toString().replace(/^\{/, `{${JSON.stringify(first)}:${JSON.stringify(rng.pick(wrongTypeValues(body.properties[first]!).filter((x) => !(x instanceof Raw))) ?? null)},`)
      return { kind: `duplicate-key ${first} (first value invalid)`, rawBody: Buffer.from(text), expect: { status: [400], code: ['DUPLICATE_JSON_KEY', 'VALIDATION_FAILED'] } }
    })
    const json = () => jsonBytes(valid())
    const contentTypes: Array<[string | null, () => Buffer]> = [
      [null, json],
      ['text/plain', json],
      ['text/plain;charset=utf-8', json],
      ['application/x-www-form-urlencoded', () => Buffer.from(Object.entries(valid()).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&'))],
      ['application/xml', () => Buffer.from(`<?xml version="1.0"?><body>${jsonBytes(valid()).toString()}</body>`)],
      ['multipart/form-data; boundary=fzfz', () => Buffer.from(`--fzfz\r\nContent-Disposition: form-data; name="json"\r\n\r\n${json().toString()}\r\n--fzfz--\r\n`)],
      ['application/octet-stream', json],
      ['application/javascript', json],
      ['application/jsonx', json],
    ]
    for (const [type, make] of contentTypes) {
      add('content-type', () => ({ kind: `content-type ${type ?? '(none)'}`, rawBody: make(), contentType: type, expect: { status: [415], code: ['UNSUPPORTED_MEDIA_TYPE'] } }))
    }
    add('oversized', () => ({ kind: 'oversized 1.5 MB', body: { ...valid(), fzPad: 'p'.repeat(1_500_000) }, expect: TOO_LARGE }), true)
    add('oversized', () => ({ kind: 'oversized 1.1 MB string in a field', body: withField([first], 'q'.repeat(1_100_000)), expect: TOO_LARGE }), true)
  } else if (op.method !== 'GET') {
    // A body where none belongs, sent by someone who may not act: refused whatever the body.
    add('oversized', () => ({ kind: 'oversized body on a body-less operation', auth: 'stranger', body: { fzPad: 'p'.repeat(1_500_000) } }), true)
  } else {
    // A GET body is not read by the services; whatever the answer, it must not be a 5xx.
    add('oversized', () => ({ kind: 'oversized body on GET', body: { fzPad: 'p'.repeat(1_500_000) } }), true)
  }

  for (const param of op.pathParams) {
    const validId = String(validValue(param.name, param.schema, world, rng))
    for (const bad of badPathValues(validId)) {
      const expect: Expect = bad.badUrl ? { status: [400], code: ['BAD_URL'] } : { status: bad.value.length > 100 ? [400, 414] : [400, 404] }
      add(`bad-path ${param.name}`, () => ({ kind: `bad-path ${param.name}=${bad.value.slice(0, 40)}`, pathParams: { [param.name]: bad.value }, expect }))
    }
    add(`unknown-id ${param.name}`, () => ({ kind: `unknown-id ${param.name}`, pathParams: { [param.name]: rng.uuid() } }))
  }
  for (const [suffix, expect] of [['%zz', { status: [400, 404] }], ['/%c0%ae%c0%ae', { status: [400, 404] }], ['/..', { status: [400, 404, 405] }], ['/x/y/z', { status: [404, 405] }]] as Array<[string, Expect]>) {
    add('path-suffix', () => ({ kind: `path-suffix ${suffix}`, pathSuffix: suffix, expect }))
  }
  add('wrong-method', () => ({ kind: 'wrong-method', method: rng.pick(['PUT', 'PATCH']), expect: { status: [404, 405] } }))

  if (!unsafe) {
    for (const q of op.query) {
      const bad = ['fz', '-1', '0', '1e309', '1.5', 'x'.repeat(300), '%zz', '%c0%ae', '', '99999999999999999999']
      for (const value of bad) add(`bad-query ${q.name}`, () => ({ kind: `bad-query ${q.name}=${value.slice(0, 20)}`, query: [[q.name, value]], expect: VALIDATION }))
      add(`bad-query ${q.name}`, () => ({ kind: `repeated-query ${q.name}`, query: [[q.name, '1'], [q.name, '2']], expect: VALIDATION }))
    }
    add('extra-query', () => ({ kind: 'extra-query', query: [['fz', '1'], ['page[$gt]', '0']] }))
  }

  for (const h of op.headers) {
    if (h.required) add(`missing-header ${h.name}`, () => ({ kind: `missing-header ${h.name}`, headers: { [h.name]: null }, expect: VALIDATION }))
    for (const value of ['not-a-uuid', 'x'.repeat(300), '', `${rng.uuid()}x`]) {
      add(`bad-header ${h.name}`, () => ({ kind: `bad-header ${h.name}=${value.slice(0, 20)}`, headers: { [h.name]: value }, expect: VALIDATION }))
    }
    add(`bad-header ${h.name}`, () => ({ kind: `repeated-header ${h.name}`, headers: { [h.name]: [rng.uuid(), rng.uuid()] }, expect: VALIDATION }))
  }
  if (op.queueToken) {
    add('queue-token', () => ({ kind: 'queue-token missing', headers: { 'x-queue-token': null }, expect: { status: [401], code: ['ADMISSION_REQUIRED'] } }))
    add('queue-token', () => ({ kind: 'queue-token garbage', headers: { 'x-queue-token': 'not.a.jwt' }, expect: { status: [401] } }))
    add('queue-token', () => ({ kind: "queue-token another fan's admission", headers: { 'x-queue-token': world.stranger.admission }, expect: { status: [403] } }))
    add('queue-token', () => ({ kind: 'queue-token an access token', headers: { 'x-queue-token': world.owner.token }, expect: { status: [401, 403] } }))
  }

  if (op.bearer) {
    for (const auth of ['none', 'garbage', 'basic', 'tampered', 'admission-as-bearer', 'empty-bearer'] as const) {
      add(`auth ${auth}`, () => ({ kind: `auth ${auth}`, auth, expectAlways: { status: [401] } }))
    }
    if (op.admin) add('auth fan-on-admin', () => ({ kind: 'auth a fan on an admin operation', auth: 'fan-on-admin', expectAlways: { status: [403] } }))
    if (ownsIds) add('foreign-ids', () => ({ kind: "foreign-ids (another fan sends the owner's ids)", auth: 'stranger', expectAlways: { status: [403, 404] } }))
  }
  return out
}

/** The same JWT with one character of its signature changed. */
function tamper(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.')
  const i = Math.min(10, signature.length - 1)
  const swapped = signature[i] === 'A' ? 'B' : 'A'
  return `${header}.${payload}.${signature.slice(0, i)}${swapped}${signature.slice(i + 1)}`
}

function authHeaders(op: Operation, auth: AuthKind, world: FuzzWorld): Record<string, string> {
  const ownerToken = op.admin ? world.admin.token : world.owner.token
  const headers: Record<string, string> = {}
  if (op.queueToken) headers['x-queue-token'] = world.owner.admission
  const bearer: Record<AuthKind, string | undefined> = {
    'owner': `Bearer ${ownerToken}`,
    'stranger': `Bearer ${world.stranger.token}`,
    'fan-on-admin': `Bearer ${world.owner.token}`,
    'none': undefined,
    'garbage': 'Bearer not.a.jwt',
    'basic': 'Basic ZnV6ejpmdXp6',
    'tampered': `Bearer ${tamper(ownerToken)}`,
    'admission-as-bearer': `Bearer ${world.owner.admission}`,
    'empty-bearer': 'Bearer ',
  }
  if (op.bearer && bearer[auth]) headers['authorization'] = bearer[auth]!
  return headers
}

/** Credentials good enough that validation and business rules, not auth, decide the answer. */
function authPasses(op: Operation, auth: AuthKind, ownsIds: boolean): boolean {
  if (!op.bearer) return true
  if (auth === 'owner') return true
  return auth === 'stranger' && !op.admin && !ownsIds && !op.queueToken
}

function finish(op: Operation, draft: Draft, n: number, world: FuzzWorld, rng: Rng, auth: AuthKind): FuzzCase {
  const ownsIds = op.pathParams.some((p) => OWNED_IDS.has(p.name)) || Object.keys(op.body?.properties ?? {}).some((k) => OWNED_IDS.has(k))
  let path = op.path
  for (const p of op.pathParams) {
    const value = draft.pathParams?.[p.name] ?? encodeURIComponent(String(validValue(p.name, p.schema, world, rng)))
    path = path.replace(`{${p.name}}`, value)
  }
  path += draft.pathSuffix ?? ''
  const query = draft.query ?? op.query.filter((q) => q.required).map((q) => [q.name, String(validValue(q.name, q.schema, world, rng))] as [string, string])
  if (query.length) path += `?${query.map(([k, v]) => `${k}=${v}`).join('&')}`

  const headers: Record<string, string | string[]> = { ...authHeaders(op, auth, world) }
  for (const h of op.headers) headers[h.name] = h.schema.format === 'uuid' ? rng.uuid() : String(validValue(h.name, h.schema, world, rng))
  for (const [name, value] of Object.entries(draft.headers ?? {})) {
    if (value === null) delete headers[name]
    else headers[name] = value
  }
  let body: Buffer | undefined
  if (draft.rawBody) body = draft.rawBody
  else if (draft.body !== undefined && draft.body !== NO_BODY) body = jsonBytes(draft.body)
  else if (op.body && draft.body !== NO_BODY) body = jsonBytes(validValue('body', op.body, world, rng))
  if (body) {
    const type = draft.contentType === undefined ? 'application/json' : draft.contentType
    if (type !== null) headers['content-type'] = type
  }
  const expect = draft.expectAlways ?? (authPasses(op, auth, ownsIds) ? draft.expect : undefined)
  return { n, op: op.id, kind: draft.kind, auth, method: draft.method ?? op.method, path, headers, ...(body ? { body } : {}), ...(expect ? { expect } : {}) }
}

/**
 * `perOperation` cases for each operation (more when its deterministic list is longer): every
 * mutator once, then random mutators with random credentials. Oversized bodies are sent once each.
 */
export function generateCases(ops: Operation[], world: FuzzWorld, rng: Rng, perOperation: number): FuzzCase[] {
  const cases: FuzzCase[] = []
  for (const op of ops) {
    const list = mutators(op, world, rng)
    const repeatable = list.filter((m) => !m.once)
    const chooseAuth = (draft: Draft): AuthKind => {
      if (draft.auth) return draft.auth
      if (!op.bearer || rng.chance(0.75)) return 'owner'
      return rng.pick(['stranger', 'none', 'garbage'] as const)
    }
    // The first pass sends every mutation with good credentials, so each reaches validation once.
    for (const m of list) {
      const draft = m.make()
      cases.push(finish(op, draft, cases.length, world, rng, draft.auth ?? 'owner'))
    }
    for (let i = list.length; i < perOperation && repeatable.length; i++) {
      const draft = rng.pick(repeatable).make()
      cases.push(finish(op, draft, cases.length, world, rng, chooseAuth(draft)))
    }
  }
  return cases
}

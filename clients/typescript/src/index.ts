/**
 * @concert/client: the concert ticketing API through the gateway, typed from its OpenAPI document
 * (src/schema.ts, generated) with openapi-fetch. The hand-written part is only what every caller
 * would otherwise repeat: the bearer token on every request, the waiting room's admission token on
 * holds, an Idempotency-Key on the requests that take one, and a refresh when the access token expires.
 */
import createFetchClient, { type Client, type Middleware } from 'openapi-fetch'
import type { components, operations, paths } from './schema.ts'

export type { components, operations, paths }
export type Schemas = components['schemas']
/** Every error answer: application/problem+json with a stable `code` (docs/errors.md lists them per operation). */
export type Problem = Schemas['Problem']

/** What POST /sessions and POST /sessions/refresh answer. */
export type Session = operations['signIn']['responses'][200]['content']['application/json']

/** Operations whose Idempotency-Key header the client fills in when the caller gives none. */
type WithOptionalKey<Op> = Op extends { parameters: { header: infer H } }
  ? Omit<Op, 'parameters'> & { parameters: Omit<Op['parameters'], 'header'> & { header?: Omit<H, 'idempotency-key'> & { 'idempotency-key'?: string } } }
  : Op
/** `paths` with the Idempotency-Key optional: the client generates one per call (pass your own to retry safely). */
export type ClientPaths = { [P in keyof paths]: { [M in keyof paths[P]]: WithOptionalKey<paths[P][M]> } }

export interface ConcertClientOptions {
  /** the gateway, e.g. http://127.0.0.1:3000 */
  baseUrl: string
  /** a session from an earlier sign-in, to resume */
  session?: Session
  /** told whenever the session changes (sign-in, refresh, sign-out, a refresh that failed) */
  onSession?: (session: Session | undefined) => void
  fetch?: (input: Request) => Promise<Response>
}

export type ConcertClient = Client<ClientPaths> & {
  /** The current session (access and refresh token), if signed in. */
  readonly session: Session | undefined
  /** POST /sessions and keep the session: later requests carry its bearer token. */
  signIn(email: string, password: string): Promise<Session>
  /** DELETE /sessions and forget the session. */
  signOut(): Promise<void>
  /** The waiting room's admission token (an ACTIVE token's `admissionToken`), sent with holds as X-Queue-Token. */
  admit(admissionToken: string | undefined): void
}

/** Paths whose requests carry X-Queue-Token (the operations secured by `queueToken`). */
const ADMISSION_PATHS = new Set(['/reservations'])
const SESSION_PATHS = new Set(['/sessions', '/sessions/refresh'])

export function createConcertClient(options: ConcertClientOptions): ConcertClient {
  let session = options.session
  let admissionToken: string | undefined
  const setSession = (next: Session | undefined) => {
    session = next
    options.onSession?.(next)
  }
  const client = createFetchClient<ClientPaths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) })
  // A separate client for the refresh itself, so it never passes through the middleware below.
  const plain = createFetchClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) })

  // Concurrent 401s share one refresh (each refresh token works once).
  let refreshing: Promise<boolean> | undefined
  const refresh = () => {
    refreshing ??= (async () => {
      const refreshToken = session?.refreshToken
      if (!refreshToken) return false
      const { data } = await plain.POST('/sessions/refresh', { body: { refreshToken } })
      setSession(data)
      return data !== undefined
    })().finally(() => { refreshing = undefined })
    return refreshing
  }

  // Bodies are read by fetch, so a request that may be retried after a refresh is kept as a copy.
  const copies = new Map<string, Request>()
  const middleware: Middleware = {
    onRequest({ request, schemaPath, id }) {
      if (session && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${session.accessToken}`)
      if (admissionToken && request.method !== 'GET' && ADMISSION_PATHS.has(schemaPath) && !request.headers.has('x-queue-token')) {
        request.headers.set('x-queue-token', admissionToken)
      }
      if (request.method === 'POST' && !request.headers.has('idempotency-key') && takesIdempotencyKey(schemaPath)) {
        request.headers.set('idempotency-key', crypto.randomUUID())
      }
      if (session && !SESSION_PATHS.has(schemaPath)) copies.set(id, request.clone())
      return request
    },
    async onResponse({ response, id }) {
      const copy = copies.get(id)
      copies.delete(id)
      if (response.status !== 401 || !copy) return response
      const { code } = await response.clone().json().catch(() => ({})) as { code?: string }
      // Only an access token that expired or stopped working is refreshed; a missing admission is not.
      if (code !== 'TOKEN_EXPIRED' && code !== 'UNAUTHENTICATED') return response
      if (!(await refresh())) return response
      copy.headers.set('authorization', `Bearer ${session!.accessToken}`)
      return (options.fetch ?? fetch)(copy)
    },
    onError({ id }) {
      copies.delete(id)
    },
  }
  client.use(middleware)

  // (defineProperty: Object.assign would copy the getter's value once, not the getter)
  Object.defineProperty(client, 'session', { get: () => session, enumerable: true })
  return Object.assign(client as Client<ClientPaths> & { readonly session: Session | undefined }, {
    async signIn(email: string, password: string) {
      const { data, error } = await plain.POST('/sessions', { body: { email, password } })
      if (!data) throw new ProblemError(error as Problem)
      setSession(data)
      return data
    },
    async signOut() {
      if (session) await plain.DELETE('/sessions', { body: { refreshToken: session.refreshToken } })
      setSession(undefined)
      admissionToken = undefined
    },
    admit(token: string | undefined) {
      admissionToken = token
    },
  })
}

/** The POST operations that take an Idempotency-Key (from the document, so a new one is covered once regenerated). */
function takesIdempotencyKey(schemaPath: string): boolean {
  return IDEMPOTENT_POSTS.has(schemaPath)
}
export const IDEMPOTENT_POSTS: ReadonlySet<string> = new Set<string>(idempotentPosts())

function idempotentPosts(): string[] {
  // Type-checked against the generated paths: a path that stops taking the header fails to compile.
  const posts: Array<{ [P in keyof paths]: paths[P] extends { post: { parameters: { header: { 'idempotency-key': string } } } } ? P : never }[keyof paths]> = [
    '/reservations', '/payments', '/points/charge', '/reservations/{reservationId}/cancellation',
  ]
  return posts
}

/** Thrown by the helpers above for an error answer; the generated methods return `{ error }` instead. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem?.status} ${problem?.code}: ${problem?.detail}`)
    this.name = 'ProblemError'
  }
}

import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import type { FastifyReply } from 'fastify'
import { ProblemError, problems, signAccessToken, Uuid, type Role, type ServiceApp } from '@concert/platform'
import { DUMMY_HASH, verifyPassword } from '../domain/password.ts'
import type { KeyRing } from '../db/signing-keys.ts'
import type { UserDatabase } from '../db/schema.ts'
import type { SignInThrottle } from '../db/sign-in-throttle.ts'
import {
  InvalidRefreshTokenError, RefreshTokenReusedError, issueRefreshToken, revokeRefreshFamily, rotateRefreshToken, type IssuedRefreshToken,
} from '../db/refresh-tokens.ts'
import { Email } from './users.ts'

const SignIn = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
)
/**
 * Issued tokens are 43 base64url characters. Any base64url text is looked up (an unknown one is a
 * 401, like an expired one); anything else cannot be a token and is a 400.
 */
const RefreshToken = Type.String({ minLength: 1, maxLength: 256, pattern: '^[A-Za-z0-9_-]+$' })
const RefreshBody = Type.Object({ refreshToken: RefreshToken }, { additionalProperties: false })

/** RFC 7517 key set: the public P-256 keys (newest first) that verify ES256 access and admission tokens. */
const Jwks = Type.Object({
  keys: Type.Array(Type.Object({
    kty: Type.Literal('EC'),
    crv: Type.Literal('P-256'),
    x: Type.String({ description: 'base64url' }),
    y: Type.String({ description: 'base64url' }),
    kid: Type.String(),
    alg: Type.Literal('ES256'),
    use: Type.Literal('sig'),
  }, { additionalProperties: true })),
}, { description: 'JSON Web Key Set' })
const Session = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds the access token is valid' }),
  refreshToken: Type.String({ description: 'single use: POST /sessions/refresh returns its successor' }),
  refreshExpiresIn: Type.Integer({ description: 'seconds the refresh token is valid' }),
  userId: Uuid,
})

export interface SessionOptions {
  db: Kysely<UserDatabase>
  keys: KeyRing
  throttle: SignInThrottle
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  attemptsPerMinute: number
}

function throttled(reply: FastifyReply, retryAfterSeconds: number): never {
  void reply.header('retry-after', String(retryAfterSeconds))
  throw new ProblemError(429, 'SIGN_IN_THROTTLED', `Too many unsuccessful sign-ins for this account; retry in ${retryAfterSeconds} s`)
}

export function sessionRoutes(app: ServiceApp, options: SessionOptions): void {
  const { db, throttle } = options

  async function session(userId: string, role: Role, refresh: IssuedRefreshToken, now: Date) {
    const accessToken = await signAccessToken(options.keys.signing, { userId, role }, options.accessTokenTtlSeconds)
    const refreshExpiresIn = Math.round((refresh.expiresAt.getTime() - now.getTime()) / 1000)
    return { accessToken, expiresIn: options.accessTokenTtlSeconds, refreshToken: refresh.refreshToken, refreshExpiresIn, userId }
  }

  app.post('/sessions', {
    config: {
      // Per address only, whatever the email: one address trying many accounts is slowed, and
      // nobody can spend an account's budget from their own address. Accounts are throttled below.
      rateLimit: { max: options.attemptsPerMinute, timeWindow: 60_000, keyGenerator: (request) => request.ip },
    },
    schema: {
      tags: ['users'],
      operationId: 'signIn',
      summary: 'Sign in; returns an ES256 access token and a rotating refresh token',
      body: SignIn,
      response: { 200: Session, ...problems(400, { 401: ['INVALID_CREDENTIALS'], 429: ['SIGN_IN_THROTTLED'] }) },
    },
  }, async (request, reply) => {
    const { email, password } = request.body
    // Redis away: sign-in goes on unthrottled rather than locking everyone out (logged).
    const attempt = await throttle.begin(email).catch((error: Error) => {
      request.log.warn({ err: error.message }, 'sign-in throttle unavailable; not throttling')
      return { allowed: true as const }
    })
    if (!attempt.allowed) throttled(reply, attempt.retryAfterSeconds)
    const user = await db.selectFrom('user').select(['id', 'role', 'password_hash'])
      .where('email', '=', email.toLowerCase()).executeTakeFirst()
    const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
    if (!user || !valid) throw new ProblemError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong')
    await throttle.succeeded(email).catch((error: Error) => request.log.warn({ err: error.message }, 'could not reset the sign-in throttle'))
    const now = new Date()
    return session(user.id, user.role, await issueRefreshToken(db, user.id, now, options.refreshTokenTtlSeconds), now)
  })

  app.post('/sessions/refresh', {
    schema: {
      tags: ['users'],
      operationId: 'refreshSession',
      summary: 'Trade a refresh token for a new access token and the next refresh token (the presented one is used up)',
      body: RefreshBody,
      response: { 200: Session, ...problems(400, { 401: ['INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED'] }) },
    },
  }, async (request) => {
    const now = new Date()
    try {
      const next = await rotateRefreshToken(db, request.body.refreshToken, now, options.refreshTokenTtlSeconds)
      return await session(next.userId, next.role, next, now)
    } catch (error) {
      if (error instanceof RefreshTokenReusedError) {
        throw new ProblemError(401, 'REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session of its sign-in has been ended. Sign in again')
      }
      if (error instanceof InvalidRefreshTokenError) throw new ProblemError(401, 'INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked; sign in again')
      throw error
    }
  })

  app.delete('/sessions', {
    schema: {
      tags: ['users'],
      operationId: 'signOut',
      summary: 'Sign out: the refresh token and every token of its sign-in stop working (access tokens run out on their own)',
      body: RefreshBody,
      response: { 204: Type.Null(), ...problems(400) },
    },
  }, async (request, reply) => {
    await revokeRefreshFamily(db, request.body.refreshToken, new Date())
    return reply.code(204).send(null)
  })

  app.get('/.well-known/jwks.json', {
    schema: {
      tags: ['users'],
      operationId: 'getSigningKeys',
      summary: 'Public keys that verify access and admission tokens (JWKS)',
      response: { 200: Jwks },
    },
  }, async (_request, reply) => {
    const rows = await db.selectFrom('signing_key').select('public_jwk').orderBy('seq', 'desc').execute()
    return reply.header('cache-control', 'public, max-age=300').send({ keys: rows.map((row) => JSON.parse(row.public_jwk)) })
  })
}

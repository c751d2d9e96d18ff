import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import { ProblemError, problems, signAccessToken, Uuid, type ServiceApp } from '@concert/platform'
import { DUMMY_HASH, verifyPassword } from '../domain/password.ts'
import type { KeyRing } from '../db/signing-keys.ts'
import type { UserDatabase } from '../db/schema.ts'
import { Email } from './users.ts'

const SignIn = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
)
const Session = Type.Object({ accessToken: Type.String(), expiresIn: Type.Integer(), userId: Uuid })

export interface SessionOptions {
  db: Kysely<UserDatabase>
  keys: KeyRing
  accessTokenTtlSeconds: number
  attemptsPerMinute: number
}

export function sessionRoutes(app: ServiceApp, options: SessionOptions): void {
  app.post('/sessions', {
      config: {
        // Per address and account: a password-guessing run is slowed without locking out the account.
        rateLimit: {
          max: options.attemptsPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => `${request.ip}|${String((request.body as { email?: string } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
      schema: {
        tags: ['users'],
        summary: 'Sign in; returns an ES256 access token',
        body: SignIn,
        response: { 200: Session, ...problems(400, 401, 429) },
      },
    }, async (request) => {
      const { email, password } = request.body
      const user = await options.db.selectFrom('user').select(['id', 'role', 'password_hash'])
        .where('email', '=', email.toLowerCase()).executeTakeFirst()
      const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
      if (!user || !valid) throw new ProblemError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong')
      const accessToken = await signAccessToken(options.keys.signing, { userId: user.id, role: user.role }, options.accessTokenTtlSeconds)
      return { accessToken, expiresIn: options.accessTokenTtlSeconds, userId: user.id }
    })

  app.get('/.well-known/jwks.json', {
    schema: { tags: ['users'], summary: 'Public keys that verify access and admission tokens' },
  }, async (_request, reply) => {
    const rows = await options.db.selectFrom('signing_key').select('public_jwk').orderBy('seq', 'desc').execute()
    return reply.header('cache-control', 'public, max-age=300').send({ keys: rows.map((row) => JSON.parse(row.public_jwk)) })
  })
}

import { randomUUID } from 'node:crypto'
import { Type } from 'typebox'
import { conflict, isDuplicateKey, notFound, problems, IsoDateTime, Text, Uuid, type ServiceApp } from '@concert/platform'
import type { Kysely } from 'kysely'
import { hashPassword } from '../domain/password.ts'
import type { UserDatabase } from '../db/schema.ts'

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 })
export const Password = Type.String({ minLength: 8, maxLength: 128 })

const SignUp = Type.Object(
  { email: Email, name: Text({ maxLength: 100 }), password: Password },
  { additionalProperties: false },
)
const Registered = Type.Object({ userId: Uuid, email: Type.String(), name: Type.String() })
const UserView = Type.Object({
  userId: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('user'), Type.Literal('admin')]),
  createdAt: IsoDateTime,
})

export function userRoutes(app: ServiceApp, db: Kysely<UserDatabase>): void {
  app.post('/users', {
    schema: {
      tags: ['users'],
      operationId: 'signUp',
      summary: 'Sign up',
      body: SignUp,
      response: { 201: Registered, ...problems(400, { 409: ['EMAIL_TAKEN'] }) },
    },
  }, async (request, reply) => {
    const { email, name, password } = request.body
    const now = new Date()
    const user = { id: randomUUID(), email: email.toLowerCase(), name, password_hash: await hashPassword(password), role: 'user' as const, created_at: now, updated_at: now }
    try {
      await db.insertInto('user').values(user).execute()
    } catch (error) {
      if (isDuplicateKey(error)) throw conflict('EMAIL_TAKEN', 'An account with this email already exists')
      throw error
    }
    return reply.code(201).send({ userId: user.id, email: user.email, name: user.name })
  })

  app.get('/users/:userId', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['users'],
      operationId: 'getUser',
      summary: 'A user profile (yourself, or anyone for an admin)',
      security: [{ bearer: [] }],
      params: Type.Object({ userId: Uuid }),
      response: { 200: UserView, ...problems(400, 401, 404) },
    },
  }, async (request) => {
    const { userId } = request.params
    // Someone else's id is indistinguishable from an unknown one: no account enumeration.
    if (request.user.userId !== userId && request.user.role !== 'admin') throw notFound('User')
    const row = await db.selectFrom('user').selectAll().where('id', '=', userId).executeTakeFirst()
    if (!row) throw notFound('User')
    return { userId: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.created_at.toISOString() }
  })
}

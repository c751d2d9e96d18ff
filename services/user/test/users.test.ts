import { randomUUID } from 'node:crypto'
import t from 'tap'
import { signAccessToken } from '@concert/platform'
import { startIdentity } from '../testing.ts'
import { loadKeyRing } from '../db/signing-keys.ts'

const identity = await startIdentity()
t.teardown(() => identity.close())
const { app, db } = identity.service

const countUsers = async (email: string) =>
  Number((await db.selectFrom('user').select(({ fn }) => fn.countAll().as('n')).where('email', '=', email).executeTakeFirstOrThrow()).n)

t.test('sign up, sign in, read yourself', async (t) => {
  const email = `Fan-${randomUUID()}@Concert.test`
  const created = await app.inject({ method: 'POST', url: '/users', headers: { 'content-type': 'application/json' }, payload: { email, name: 'Mina', password: 'correct horse battery' } })
  t.equal(created.statusCode, 201)
  const user = created.json()
  t.match(user, { userId: /^[0-9a-f-]{36}$/, email: email.toLowerCase(), name: 'Mina' })
  t.notOk('password' in user, 'no password in the response')
  const stored = await db.selectFrom('user').select('password_hash').where('id', '=', user.userId).executeTakeFirstOrThrow()
  t.match(stored.password_hash, /^scrypt\$/, 'the password is stored as an scrypt hash')

  const session = await app.inject({ method: 'POST', url: '/sessions', payload: { email, password: 'correct horse battery' } })
  t.equal(session.statusCode, 200)
  const { accessToken, expiresIn, userId } = session.json()
  t.equal(userId, user.userId)
  t.equal(expiresIn, 900)

  const me = await app.inject({ method: 'GET', url: `/users/${userId}`, headers: { authorization: `Bearer ${accessToken}` } })
  t.equal(me.statusCode, 200)
  t.match(me.json(), { userId, email: email.toLowerCase(), name: 'Mina', role: 'user' })
  t.ok(Date.parse(me.json().createdAt))

  const again = await app.inject({ method: 'POST', url: '/users', payload: { email: email.toUpperCase(), name: 'Other', password: 'something else 1' } })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'EMAIL_TAKEN')
  t.equal(again.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('bad sign-up input is a 400 problem and creates nothing', async (t) => {
  const email = `bad-${randomUUID()}@concert.test`
  const cases: Array<[string, Record<string, unknown>]> = [
    ['missing password', { method: 'POST', url: '/users', payload: { email, name: 'x' } }],
    ['extra field', { method: 'POST', url: '/users', payload: { email, name: 'x', password: 'long enough pw', role: 'admin' } }],
    ['wrong type', { method: 'POST', url: '/users', payload: { email, name: 42, password: 'long enough pw' } }],
    ['not an email', { method: 'POST', url: '/users', payload: { email: 'nope', name: 'x', password: 'long enough pw' } }],
    ['oversize name', { method: 'POST', url: '/users', payload: { email, name: 'x'.repeat(101), password: 'long enough pw' } }],
    ['short password', { method: 'POST', url: '/users', payload: { email, name: 'x', password: 'short' } }],
    ['malformed JSON', { method: 'POST', url: '/users', headers: { 'content-type': 'application/json' }, payload: '{"email": ' }],
    ['array body', { method: 'POST', url: '/users', headers: { 'content-type': 'application/json' }, payload: JSON.stringify([email]) }],
  ]
  for (const [name, request] of cases) {
    const response = await app.inject(request as never)
    t.equal(response.statusCode, 400, name)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem+json`)
    const body = response.json()
    t.match(body, { status: 400, code: /^(VALIDATION_FAILED|MALFORMED_JSON)$/, title: String, detail: String }, name)
    t.notMatch(JSON.stringify(body), /at .*\.ts|stack|SELECT|INSERT/i, `${name}: nothing internal leaks`)
  }
  const huge = await app.inject({ method: 'POST', url: '/users', payload: { email, name: 'x', password: 'y'.repeat(200_000) } })
  t.equal(huge.statusCode, 413)
  t.equal(huge.json().code, 'PAYLOAD_TOO_LARGE')
  t.equal(await countUsers(email), 0, 'no user was created by any bad request')
})

t.test('wrong credentials are a 401 that does not say which part was wrong', async (t) => {
  const fan = await identity.signUp()
  const wrongPassword = await app.inject({ method: 'POST', url: '/sessions', payload: { email: fan.email, password: 'not the password' } })
  const unknownEmail = await app.inject({ method: 'POST', url: '/sessions', payload: { email: `nobody-${randomUUID()}@concert.test`, password: 'whatever it is' } })
  t.equal(wrongPassword.statusCode, 401)
  t.equal(unknownEmail.statusCode, 401)
  t.equal(wrongPassword.json().detail, unknownEmail.json().detail)
  t.equal(wrongPassword.json().code, 'INVALID_CREDENTIALS')
})

t.test('tokens: missing, tampered, expired, foreign', async (t) => {
  const fan = await identity.signUp()
  const other = await identity.signUp()
  const url = `/users/${fan.userId}`
  const none = await app.inject({ method: 'GET', url })
  t.equal(none.statusCode, 401)
  t.equal(none.json().code, 'UNAUTHENTICATED')

  const [header, payload, signature] = fan.accessToken.split('.')
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${signature}`
  const tampered = await app.inject({ method: 'GET', url: `/users/${other.userId}`, headers: { authorization: `Bearer ${forged}` } })
  t.equal(tampered.statusCode, 401, 'a token whose claims were edited is rejected')

  const keys = await loadKeyRing(db)
  const expiredToken = await signAccessToken(keys.signing, { userId: fan.userId, role: 'user' }, -60)
  const expired = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${expiredToken}` } })
  t.equal(expired.statusCode, 401)
  t.equal(expired.json().code, 'TOKEN_EXPIRED')

  const foreign = await app.inject({ method: 'GET', url: `/users/${other.userId}`, headers: fan.headers })
  t.equal(foreign.statusCode, 404, "another user's profile is not found")

  const admin = await identity.admin()
  const asAdmin = await app.inject({ method: 'GET', url, headers: admin.headers })
  t.equal(asAdmin.statusCode, 200, 'an admin may read any profile')
  t.equal(asAdmin.json().role, 'user')
})

t.test('the JWKS verifies issued tokens', async (t) => {
  const { createLocalJWKSet, jwtVerify } = await import('jose')
  const fan = await identity.signUp()
  const response = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  t.equal(response.statusCode, 200)
  const jwks = response.json()
  t.ok(jwks.keys.length >= 1)
  t.notOk(jwks.keys.some((key: Record<string, unknown>) => 'd' in key), 'no private key material is published')
  const { payload } = await jwtVerify(fan.accessToken, createLocalJWKSet(jwks))
  t.equal(payload.sub, fan.userId)
})

import { createHash, randomBytes } from 'node:crypto'
import t from 'tap'
import { startIdentity, type TestUser } from '../testing.ts'
import { deleteExpiredRefreshTokens, issueRefreshToken } from '../db/refresh-tokens.ts'

const identity = await startIdentity()
t.teardown(() => identity.close())
const { app, db } = identity.service

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const refresh = (refreshToken: unknown) => app.inject({ method: 'POST', url: '/sessions/refresh', payload: { refreshToken } })
const signOut = (refreshToken: unknown) => app.inject({ method: 'DELETE', url: '/sessions', payload: { refreshToken } })
const me = (user: TestUser, accessToken: string) =>
  app.inject({ method: 'GET', url: `/users/${user.userId}`, headers: { authorization: `Bearer ${accessToken}` } })
const row = (refreshToken: string) => db.selectFrom('refresh_token').selectAll().where('token_hash', '=', sha256(refreshToken)).executeTakeFirst()
const family = async (refreshToken: string) => {
  const first = await row(refreshToken)
  return db.selectFrom('refresh_token').selectAll().where('family_id', '=', first!.family_id).orderBy('created_at').execute()
}

t.test('sign-in returns a refresh token stored only as its sha-256', async (t) => {
  const fan = await identity.signUp()
  const session = await app.inject({ method: 'POST', url: '/sessions', payload: { email: fan.email, password: fan.password } })
  t.equal(session.statusCode, 200)
  const body = session.json()
  t.match(body, { accessToken: String, expiresIn: 900, refreshToken: /^[A-Za-z0-9_-]{43}$/, refreshExpiresIn: 14 * 86_400, userId: fan.userId })
  const stored = await row(body.refreshToken)
  t.ok(stored, 'found by its hash')
  t.match(stored, { user_id: fan.userId, family_id: /^[0-9a-f-]{36}$/, rotated_at: null, revoked_at: null })
  t.equal(Math.round((stored!.expires_at.getTime() - stored!.created_at.getTime()) / 1000), 14 * 86_400)
  const rows = await db.selectFrom('refresh_token').selectAll().where('user_id', '=', fan.userId).execute()
  t.notOk(JSON.stringify(rows).includes(body.refreshToken), 'the token itself is stored nowhere')
  t.not((await row(fan.refreshToken))!.family_id, stored!.family_id, 'each sign-in starts its own family')
})

t.test('refresh rotates: a new access token and the next refresh token; the presented one is used up', async (t) => {
  const fan = await identity.signUp()
  const first = await refresh(fan.refreshToken)
  t.equal(first.statusCode, 200)
  const next = first.json()
  t.match(next, { accessToken: String, expiresIn: 900, refreshToken: /^[A-Za-z0-9_-]{43}$/, refreshExpiresIn: 14 * 86_400, userId: fan.userId })
  t.not(next.refreshToken, fan.refreshToken)
  t.equal((await me(fan, next.accessToken)).statusCode, 200, 'the new access token works')
  const rows = await family(fan.refreshToken)
  t.equal(rows.length, 2)
  t.ok(rows[0]!.rotated_at, 'the presented token is marked rotated')
  t.equal(rows[1]!.token_hash, sha256(next.refreshToken), 'its successor is in the same family')
  t.equal(rows[1]!.rotated_at, null)

  const third = await refresh(next.refreshToken)
  t.equal(third.statusCode, 200, 'the successor can be refreshed in turn')
  t.equal((await family(fan.refreshToken)).length, 3)
})

t.test('reusing a rotated refresh token revokes the whole family', async (t) => {
  const fan = await identity.signUp()
  const stolen = fan.refreshToken
  const owner = (await refresh(stolen)).json()
  const replay = await refresh(stolen)
  t.equal(replay.statusCode, 401)
  t.match(replay.json(), { status: 401, code: 'REFRESH_TOKEN_REUSED' })
  t.equal(replay.headers['content-type'], 'application/problem+json; charset=utf-8')
  const rows = await family(stolen)
  t.ok(rows.every((r) => r.revoked_at !== null), 'every token of the family is revoked')
  const ownersNext = await refresh(owner.refreshToken)
  t.equal(ownersNext.statusCode, 401, "the family's newest token no longer works either")
  t.equal(ownersNext.json().code, 'INVALID_REFRESH_TOKEN')
  t.equal((await refresh(stolen)).json().code, 'INVALID_REFRESH_TOKEN', 'a revoked family is simply invalid afterwards')

  const elsewhere = await app.inject({ method: 'POST', url: '/sessions', payload: { email: fan.email, password: fan.password } })
  t.equal((await refresh(elsewhere.json().refreshToken)).statusCode, 200, "another sign-in's family is untouched")
})

t.test('two refreshes with the same token at once: exactly one succeeds', async (t) => {
  for (let run = 0; run < 3; run++) {
    const fan = await identity.signUp()
    const answers = await Promise.all([refresh(fan.refreshToken), refresh(fan.refreshToken)])
    const statuses = answers.map((answer) => answer.statusCode).sort()
    t.same(statuses, [200, 401], `run ${run}: one 200, one 401`)
    t.equal(answers.find((answer) => answer.statusCode === 401)!.json().code, 'REFRESH_TOKEN_REUSED', `run ${run}: the loser presented a rotated token`)
    const rows = await family(fan.refreshToken)
    t.equal(rows.length, 2, `run ${run}: exactly one successor was ever issued`)
  }
})

t.test('unknown, expired and malformed refresh tokens', async (t) => {
  const fan = await identity.signUp()
  const unknown = await refresh(randomBytes(32).toString('base64url'))
  t.equal(unknown.statusCode, 401)
  t.equal(unknown.json().code, 'INVALID_REFRESH_TOKEN')
  t.equal((await refresh('not-a-token')).json().code, 'INVALID_REFRESH_TOKEN', 'any base64url text is looked up')

  const expired = await issueRefreshToken(db, fan.userId, new Date(Date.now() - 3_600_000), 60)
  const late = await refresh(expired.refreshToken)
  t.equal(late.statusCode, 401)
  t.equal(late.json().code, 'INVALID_REFRESH_TOKEN')
  t.equal((await row(expired.refreshToken))!.rotated_at, null, 'an expired token is not rotated')

  const malformed = [
    ['missing', {}], ['number', { refreshToken: 5 }], ['empty', { refreshToken: '' }], ['extra', { refreshToken: 'x', userId: fan.userId }],
    ['not base64url', { refreshToken: 'fz\ufffd\ufffd' }], ['too long', { refreshToken: 'x'.repeat(257) }],
  ] as const
  for (const [name, payload] of malformed) {
    const response = await app.inject({ method: 'POST', url: '/sessions/refresh', payload })
    t.equal(response.statusCode, 400, name)
    t.equal(response.json().code, 'VALIDATION_FAILED', name)
  }
})

t.test('sign-out revokes the family; it is idempotent', async (t) => {
  const fan = await identity.signUp()
  const current = (await refresh(fan.refreshToken)).json().refreshToken
  const other = (await app.inject({ method: 'POST', url: '/sessions', payload: { email: fan.email, password: fan.password } })).json().refreshToken

  const out = await signOut(current)
  t.equal(out.statusCode, 204)
  t.equal(out.body, '', 'no body')
  t.ok((await family(current)).every((r) => r.revoked_at !== null), 'the family is revoked')
  t.equal((await refresh(current)).json().code, 'INVALID_REFRESH_TOKEN')
  t.equal((await signOut(current)).statusCode, 204, 'signing out twice is fine')
  t.equal((await signOut(randomBytes(32).toString('base64url'))).statusCode, 204, 'an unknown token changes nothing')
  t.equal((await refresh(other)).statusCode, 200, 'the same fan signed in elsewhere stays signed in')
  t.equal((await signOut(undefined)).statusCode, 400, 'a body without a token is a 400')
  t.equal((await signOut('fz\ufffd')).statusCode, 400, 'text that cannot be a token is a 400')
})

t.test('the cleanup deletes expired refresh tokens only', async (t) => {
  const fan = await identity.signUp()
  const expired = await issueRefreshToken(db, fan.userId, new Date(Date.now() - 86_400_000), 60)
  const deleted = await deleteExpiredRefreshTokens(db, new Date())
  t.ok(deleted >= 1)
  t.equal(await row(expired.refreshToken), undefined, 'the expired one is gone')
  t.ok(await row(fan.refreshToken), 'a live one stays')
  t.equal((await refresh(fan.refreshToken)).statusCode, 200)
  t.equal(await deleteExpiredRefreshTokens(db, new Date(0)), 0, 'nothing expired before the epoch')
})

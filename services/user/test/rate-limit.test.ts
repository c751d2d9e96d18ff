import t from 'tap'
import { startIdentity } from '../testing.ts'

const identity = await startIdentity({ SIGN_IN_ATTEMPTS_PER_MINUTE: '3' })
t.teardown(() => identity.close())

t.test('sign-in attempts are limited per address and account', async (t) => {
  const fan = await identity.signUp()
  const { app } = identity.service
  const statuses: number[] = []
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await app.inject({ method: 'POST', url: '/sessions', payload: { email: fan.email, password: 'wrong password' } })
    statuses.push(response.statusCode)
    if (response.statusCode === 429) {
      t.equal(response.json().code, 'RATE_LIMITED')
      t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    }
  }
  // signUp already used one attempt for this account.
  t.same(statuses, [401, 401, 429, 429, 429])
  const right = await app.inject({ method: 'POST', url: '/sessions', payload: { email: fan.email, password: fan.password } })
  t.equal(right.statusCode, 429, 'even the right password waits out the window')
  const otherFan = await identity.signUp()
  t.ok(otherFan.accessToken, 'another account is not affected')
})

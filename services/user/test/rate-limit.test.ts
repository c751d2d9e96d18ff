import { randomBytes, randomUUID } from 'node:crypto'
import t from 'tap'
import { startIdentity } from '../testing.ts'

// The budget is per address: requests come from their own documentation-range IPv6 address, so
// other suites sharing Redis (all from 127.0.0.1) do not interfere.
const identity = await startIdentity({ SIGN_IN_ATTEMPTS_PER_MINUTE: '3' })
t.teardown(() => identity.close())
const { app } = identity.service

const address = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`
const signIn = (from: string, email: string, password: string) =>
  app.inject({ method: 'POST', url: '/sessions', remoteAddress: from, payload: { email, password } })

t.test('sign-in attempts are budgeted per address, whatever the email', async (t) => {
  const email = `fan-${randomUUID()}@concert.test`
  const password = 'the right password'
  t.equal((await app.inject({ method: 'POST', url: '/users', payload: { email, name: 'Fan', password } })).statusCode, 201)

  const attacker = address()
  const statuses: number[] = []
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await signIn(attacker, `someone-${randomUUID()}@concert.test`, 'a guess')
    statuses.push(response.statusCode)
    if (response.statusCode === 429) {
      t.equal(response.json().code, 'RATE_LIMITED')
      t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.ok(Number(response.headers['retry-after']) >= 1 && Number(response.headers['retry-after']) <= 60, 'Retry-After in seconds')
    }
  }
  t.same(statuses, [401, 401, 401, 429, 429], 'a new email each time does not buy a new budget')
  const ownerFromThere = await signIn(attacker, email, password)
  t.equal(ownerFromThere.statusCode, 429, 'the spent address waits, even with the right password')
  t.equal(ownerFromThere.json().code, 'RATE_LIMITED')

  const owner = await signIn(address(), email, password)
  t.equal(owner.statusCode, 200, "another address is untouched: the address's budget does not include the account")
})

import { randomBytes, randomUUID } from 'node:crypto'
import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { startIdentity } from '../testing.ts'

// Small numbers so the test waits seconds, not a minute: 3 free failures, locks of 1 s then 2 s (the cap).
const identity = await startIdentity({ SIGN_IN_FAILURES_BEFORE_DELAY: '3', SIGN_IN_MAX_DELAY_SECONDS: '2' })
t.teardown(() => identity.close())
const { app } = identity.service

/** Every attempt from a fresh address: the attacker of this test has as many as it likes. */
const address = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::7`
const signIn = (email: string, password: string) =>
  app.inject({ method: 'POST', url: '/sessions', remoteAddress: address(), payload: { email, password } })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const retryAfter = (response: LightMyRequestResponse) => Number(response.headers['retry-after'])

async function account() {
  const email = `fan-${randomUUID()}@concert.test`
  const password = 'the right password'
  await app.inject({ method: 'POST', url: '/users', payload: { email, name: 'Fan', password } })
  return { email, password }
}

/**
 * Attempts sent at once: their Redis checks run within milliseconds of each other, in the order
 * sent, whatever the password hashing after them costs on a busy machine.
 */
const burst = (email: string, passwords: string[]) => Promise.all(passwords.map((password) => signIn(email, password)))
const wrong = (n: number) => Array.from({ length: n }, () => 'a wrong guess')

t.test('guesses from many addresses are throttled per account; the owner gets in within the cap; success resets', async (t) => {
  const { email, password } = await account()

  const answers = await burst(email, [...wrong(30), password])
  const owner = answers.pop()!
  const checked = answers.filter((response) => response.statusCode === 401)
  const refused = answers.filter((response) => response.statusCode === 429)
  t.equal(checked.length + refused.length, 30, 'every guess is a 401 or a 429')
  t.equal(checked.length, 4, '3 free failures, the 4th locks: only 4 of 30 guesses from 30 addresses were checked')
  t.match(refused[0]!.json(), { status: 429, code: 'SIGN_IN_THROTTLED', title: String, detail: String })
  t.ok(refused.every((response) => response.json().code === 'SIGN_IN_THROTTLED'), 'every refusal is SIGN_IN_THROTTLED')
  t.ok(refused.every((response) => response.headers['content-type'] === 'application/problem+json; charset=utf-8'), 'as problem+json')
  t.ok(refused.every((response) => retryAfter(response) >= 1 && retryAfter(response) <= 2), 'with a Retry-After within the cap')
  t.equal(owner.statusCode, 429, 'while locked even the right password waits (it is not checked: no oracle)')
  t.equal(owner.json().code, 'SIGN_IN_THROTTLED')

  // The attacker keeps going after each lock: one guess per lock, and the lock stays at the cap.
  let waitMs = Math.max(...refused.map(retryAfter), retryAfter(owner)) * 1000
  for (let round = 0; round < 3; round++) {
    await sleep(waitMs + 50)
    const [guess, ...rest] = await burst(email, wrong(3))
    t.equal(guess!.statusCode, 401, `round ${round}: one guess after the lock is checked`)
    t.same(rest.map((response) => response.statusCode), [429, 429], `round ${round}: and the account is locked again`)
    t.ok(rest.every((response) => retryAfter(response) >= 1 && retryAfter(response) <= 2), `round ${round}: for at most the cap`)
    waitMs = Math.max(...rest.map(retryAfter)) * 1000
  }

  await sleep(waitMs + 50)
  const signedIn = await signIn(email, password)
  t.equal(signedIn.statusCode, 200, 'the owner, waiting as told (at most 2 s here, 60 s by default), gets in')
  t.ok(signedIn.json().accessToken)

  const afterSuccess = []
  for (let attempt = 0; attempt < 3; attempt++) afterSuccess.push((await signIn(email, 'a typo')).statusCode)
  t.same(afterSuccess, [401, 401, 401], 'success cleared the count: the free failures are free again')
  t.same((await burst(email, wrong(3))).map((response) => response.statusCode), [401, 429, 429], 'and the 4th failure locks as before')
})

t.test('accounts are throttled separately, unknown emails like real ones', async (t) => {
  const victim = await account()
  const bystander = await account()
  for (let attempt = 0; attempt < 3; attempt++) await signIn(victim.email, 'wrong')
  t.same((await burst(victim.email, wrong(2))).map((response) => response.statusCode), [401, 429])
  t.equal((await signIn(bystander.email, bystander.password)).statusCode, 200, 'another account is not affected')

  const nobody = `nobody-${randomUUID()}@concert.test`
  const answers = []
  for (let attempt = 0; attempt < 3; attempt++) answers.push((await signIn(nobody, 'wrong')).json().code)
  answers.push(...(await burst(nobody, wrong(2))).map((response) => response.json().code))
  t.same(answers, ['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'SIGN_IN_THROTTLED'],
    'an unknown email answers exactly like a real account')
})

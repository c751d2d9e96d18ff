import t from 'tap'
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTVerifyGetKey } from 'jose'
import { type InvalidTokenError, signAccessToken, signAdmissionToken, verifyAccessToken, verifyAdmissionToken } from '../src/tokens.ts'

// Verified tokens are remembered until they expire (issue 10); these check that remembering changes
// no answer: a token verified before still fails once expired, or once its key leaves the key set.
const { publicKey, privateKey } = await generateKeyPair('ES256')
const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }
/** A key set whose keys can be withdrawn, as a JWKS refresh would. */
function keySet(): { getKey: JWTVerifyGetKey; withdraw: () => void } {
  let keys = [jwk]
  return {
    getKey: async (header) => {
      const found = keys.find((key) => key.kid === header.kid)
      if (!found) throw new Error('no matching key')
      return importJWK(found, 'ES256')
    },
    withdraw: () => { keys = [] },
  }
}
const signing = { kid: 'k1', privateKey }
/** Why the token was refused, or 'accepted'. */
const refusal = (verifying: Promise<unknown>) => verifying.then(() => 'accepted', (error: InvalidTokenError) => error.reason)
const user = { userId: '7b3c2f8e-1b1c-4c8e-9a55-0d3f1f1e2a11', role: 'user' as const }

t.test('a token verifies the same the second time, and each audience keeps its own answer', async (t) => {
  const { getKey } = keySet()
  const token = await signAccessToken(signing, user, 60)
  t.same(await verifyAccessToken(getKey, token), user)
  t.same(await verifyAccessToken(getKey, token), user, 'remembered')
  t.equal(await refusal(verifyAdmissionToken(getKey, token)), 'invalid', 'an access token is no admission, remembered or not')
  const admission = { userId: user.userId, performanceId: 'p1', tokenId: 't1' }
  const queueToken = await signAdmissionToken(signing, admission, new Date(Date.now() + 60_000))
  t.same(await verifyAdmissionToken(getKey, queueToken), admission)
  t.same(await verifyAdmissionToken(getKey, queueToken), admission)
  t.equal(await refusal(verifyAccessToken(getKey, queueToken)), 'invalid')
})

t.test('a remembered token fails once its key is withdrawn from the key set', async (t) => {
  const { getKey, withdraw } = keySet()
  const token = await signAccessToken(signing, user, 60)
  t.same(await verifyAccessToken(getKey, token), user)
  withdraw()
  t.equal(await refusal(verifyAccessToken(getKey, token)), 'invalid')
})

t.test('a remembered token fails once it expired', async (t) => {
  const { getKey } = keySet()
  const admission = { userId: user.userId, performanceId: 'p1', tokenId: 't2' }
  // exp is whole seconds: the token expires at the next second boundary plus one.
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + 1) * 1000)
  const token = await signAdmissionToken(signing, admission, expiresAt)
  t.same(await verifyAdmissionToken(getKey, token), admission)
  // Past exp and the 5 s clock tolerance (jose reads the real clock, so this waits it out).
  await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() + 5_200 - Date.now()))
  t.equal(await refusal(verifyAdmissionToken(getKey, token)), 'expired')
})

t.test('a tampered token is refused even when the genuine one was remembered', async (t) => {
  const { getKey } = keySet()
  const token = await signAccessToken(signing, user, 60)
  t.same(await verifyAccessToken(getKey, token), user)
  const [header, payload, signature] = token.split('.')
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' })).toString('base64url')
  t.equal(await refusal(verifyAccessToken(getKey, `${header}.${forged}.${signature}`)), 'invalid')
})

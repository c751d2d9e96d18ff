import { createHash } from 'node:crypto'
import { SignJWT, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, errors, type CompactJWSHeaderParameters, type CryptoKey, type JWTPayload, type JWTVerifyGetKey, type KeyObject } from 'jose'

export const ISSUER = 'concert-user-service'
export const ACCESS_AUDIENCE = 'concert-api'
export const ADMISSION_AUDIENCE = 'concert-waiting-room'
export const ALGORITHM = 'ES256'

export type Role = 'user' | 'admin'
export interface AuthUser {
  userId: string
  role: Role
}
export interface Admission {
  userId: string
  performanceId: string
  tokenId: string
}

export interface SigningKey {
  kid: string
  privateKey: CryptoKey | KeyObject
}

export async function signAccessToken(key: SigningKey, user: AuthUser, ttlSeconds: number): Promise<string> {
  return new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(user.userId)
    .setIssuer(ISSUER)
    .setAudience(ACCESS_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey)
}

export async function signAdmissionToken(key: SigningKey, admission: Admission, expiresAt: Date): Promise<string> {
  return new SignJWT({ perf: admission.performanceId })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(admission.userId)
    .setJti(admission.tokenId)
    .setIssuer(ISSUER)
    .setAudience(ADMISSION_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key.privateKey)
}

/** Keys from user-service's JWKS endpoint, cached and refreshed when an unknown `kid` shows up. */
export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 5_000, timeoutDuration: 2_000 })
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid' | 'unavailable') {
    super(reason === 'expired' ? 'The token has expired' : reason === 'unavailable' ? 'Signing keys are unavailable' : 'The token is not valid')
  }
}

/**
 * Tokens this process verified, until they expire: a fan sends the same two ES256 tokens with every
 * request of a sale, and checking their signatures again was a tenth of a hold's CPU. Keyed by a
 * hash of audience and token (no bearer token kept in memory), per key set, bounded (oldest out).
 * Nothing is lost that verification gave: access tokens cannot be revoked before they expire (only
 * refresh tokens can), an ended admission is checked in MySQL on every hold, and a hit still asks
 * the key set for the token's `kid`, so a key withdrawn from the JWKS fails its tokens as before.
 */
const VERIFIED_LIMIT = 20_000
const verifiedByKeys = new WeakMap<JWTVerifyGetKey, Map<string, { payload: JWTPayload; expiresAt: number }>>()

async function verify(getKey: JWTVerifyGetKey, token: string, audience: string): Promise<JWTPayload> {
  let verified = verifiedByKeys.get(getKey)
  if (!verified) verifiedByKeys.set(getKey, verified = new Map())
  const id = createHash('sha256').update(audience).update('\n').update(token).digest('base64url')
  const hit = verified.get(id)
  if (hit && hit.expiresAt > Date.now()) {
    const [header = '', body = '', signature = ''] = token.split('.')
    await callVerifier(() => getKey(decodeProtectedHeader(token) as CompactJWSHeaderParameters, { protected: header, payload: body, signature }))
    return hit.payload
  }
  if (hit) verified.delete(id)
  const payload = await callVerifier(async () => (await jwtVerify(token, getKey, { issuer: ISSUER, audience, algorithms: [ALGORITHM], clockTolerance: 5 })).payload)
  const expiresAt = (payload.exp ?? 0) * 1000
  if (expiresAt > Date.now()) {
    if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value!)
    verified.set(id, { payload, expiresAt })
  }
  return payload
}

async function callVerifier<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new InvalidTokenError('expired')
    if (error instanceof errors.JWKSTimeout || (error as { code?: string }).code === 'ECONNREFUSED') {
      throw new InvalidTokenError('unavailable')
    }
    throw new InvalidTokenError('invalid')
  }
}

export async function verifyAccessToken(getKey: JWTVerifyGetKey, token: string): Promise<AuthUser> {
  const payload = await verify(getKey, token, ACCESS_AUDIENCE)
  const role = payload['role']
  if (typeof payload.sub !== 'string' || (role !== 'user' && role !== 'admin')) throw new InvalidTokenError('invalid')
  return { userId: payload.sub, role }
}

export async function verifyAdmissionToken(getKey: JWTVerifyGetKey, token: string): Promise<Admission> {
  const payload = await verify(getKey, token, ADMISSION_AUDIENCE)
  const performanceId = payload['perf']
  if (typeof payload.sub !== 'string' || typeof performanceId !== 'string' || typeof payload.jti !== 'string') {
    throw new InvalidTokenError('invalid')
  }
  return { userId: payload.sub, performanceId, tokenId: payload.jti }
}

import { SignJWT, createRemoteJWKSet, jwtVerify, errors, type CryptoKey, type JWTVerifyGetKey, type KeyObject } from 'jose'

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

async function verify(getKey: JWTVerifyGetKey, token: string, audience: string) {
  try {
    const { payload } = await jwtVerify(token, getKey, { issuer: ISSUER, audience, algorithms: [ALGORITHM], clockTolerance: 5 })
    return payload
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

import { randomUUID } from 'node:crypto'
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose'
import type { Kysely } from 'kysely'
import { ALGORITHM, type SigningKey } from '@concert/platform'
import type { UserDatabase } from './schema.ts'

export interface KeyRing {
  signing: SigningKey
  jwks: JSONWebKeySet
  verify: JWTVerifyGetKey
}

/**
 * Loads the newest ES256 signing key, creating the first one on a fresh database. Every stored
 * public key stays in the JWKS, so tokens signed before a rotation keep verifying until they expire.
 */
export async function loadKeyRing(db: Kysely<UserDatabase>): Promise<KeyRing> {
  let rows = await db.selectFrom('signing_key').selectAll().orderBy('seq', 'desc').execute()
  if (rows.length === 0) {
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true })
    const kid = randomUUID()
    const meta = { kid, alg: ALGORITHM, use: 'sig' }
    await db.insertInto('signing_key').values({
      kid,
      private_jwk: JSON.stringify({ ...(await exportJWK(privateKey)), ...meta }),
      public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), ...meta }),
      created_at: new Date(),
    }).execute()
    rows = await db.selectFrom('signing_key').selectAll().orderBy('seq', 'desc').execute()
  }
  const newest = rows[0]!
  const privateJwk = JSON.parse(newest.private_jwk) as JWK
  const jwks: JSONWebKeySet = { keys: rows.map((row) => JSON.parse(row.public_jwk) as JWK) }
  return {
    signing: { kid: newest.kid, privateKey: (await importJWK(privateJwk, ALGORITHM)) as SigningKey['privateKey'] },
    jwks,
    verify: createLocalJWKSet(jwks),
  }
}

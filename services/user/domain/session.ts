/**
 * Refresh-token rules, free of I/O. A sign-in starts a family; every refresh retires the presented
 * token (rotated) and issues its successor in the same family. A retired token presented again means
 * two parties hold the family (a stolen token, or a client that refreshed twice): the server cannot
 * tell which is the owner, so the whole family is revoked and both must sign in again.
 */
export interface RefreshTokenState {
  expires_at: Date
  rotated_at: Date | null
  revoked_at: Date | null
}

export type RefreshVerdict = 'valid' | 'reused' | 'invalid'

export function judgeRefreshToken(token: RefreshTokenState | undefined, now: Date): RefreshVerdict {
  if (!token || token.revoked_at) return 'invalid'
  // A rotated token is reuse even once expired (until the cleanup deletes it): it still tells that the family leaked.
  if (token.rotated_at) return 'reused'
  if (token.expires_at.getTime() <= now.getTime()) return 'invalid'
  return 'valid'
}

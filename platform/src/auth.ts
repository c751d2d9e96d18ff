import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { JWTVerifyGetKey } from 'jose'
import { ProblemError, forbidden, unauthenticated } from './errors.ts'
import { InvalidTokenError, verifyAccessToken, verifyAdmissionToken, type Admission, type AuthUser } from './tokens.ts'

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser
    admission: Admission
  }
  interface FastifyInstance {
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    requireAdmission: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization
  if (!header) throw unauthenticated()
  const [scheme, token] = header.split(' ')
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthenticated('Use Authorization: Bearer <accessToken>')
  return token
}

function tokenProblem(error: unknown, what: string): ProblemError {
  if (error instanceof InvalidTokenError) {
    if (error.reason === 'unavailable') return new ProblemError(503, 'AUTH_UNAVAILABLE', 'Signing keys are unavailable; retry shortly')
    return new ProblemError(401, error.reason === 'expired' ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED', `${what}: ${error.message}`)
  }
  throw error
}

/**
 * Route guards as `onRequest` hooks: `authenticate` sets request.user from the bearer token,
 * `requireAdmin` also demands the admin role, `requireAdmission` sets request.admission from the
 * X-Queue-Token header after checking it was issued to the same user.
 */
export const authPlugin = fp<{ keys: JWTVerifyGetKey }>(async (app, { keys }) => {
  app.decorateRequest('user', null as unknown as AuthUser)
  app.decorateRequest('admission', null as unknown as Admission)

  const authenticate = async (request: FastifyRequest) => {
    const token = bearer(request)
    try {
      request.user = await verifyAccessToken(keys, token)
    } catch (error) {
      throw tokenProblem(error, 'Access token')
    }
  }
  app.decorate('authenticate', authenticate)
  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    await authenticate(request)
    if (request.user.role !== 'admin') throw forbidden('This needs the admin role')
  })
  app.decorate('requireAdmission', async (request: FastifyRequest) => {
    await authenticate(request)
    const header = request.headers['x-queue-token']
    if (typeof header !== 'string' || header.length === 0) {
      throw new ProblemError(401, 'ADMISSION_REQUIRED', 'Join the waiting room first; send its admissionToken as X-Queue-Token')
    }
    let admission: Admission
    try {
      admission = await verifyAdmissionToken(keys, header)
    } catch (error) {
      const problem = tokenProblem(error, 'Admission token')
      throw problem.status === 401 ? new ProblemError(401, 'ADMISSION_REQUIRED', problem.message) : problem
    }
    if (admission.userId !== request.user.userId) throw forbidden('The admission token belongs to another user')
    request.admission = admission
  })
}, { name: 'concert-auth' })

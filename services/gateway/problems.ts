import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ProblemError, problemBody } from '@concert/platform'

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemError): FastifyReply {
  const instance = request.url.split('?')[0]
  return reply.code(problem.status).type('application/problem+json')
    .send({ ...problemBody(problem.status, problem.code, problem.message, problem.extra), instance })
}

/**
 * The gateway's own failures as application/problem+json, like every service's. Errors of proxied
 * requests never get here: the upstream's answer is passed through, and a failed upstream is
 * rendered by the proxy (routes/proxy.ts).
 */
export function registerProblems(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof ProblemError) return sendProblem(request, reply, error)
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error.message }, 'client error')
      return sendProblem(request, reply, new ProblemError(error.statusCode, 'BAD_REQUEST', 'The request could not be processed'))
    }
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(request, reply, new ProblemError(500, 'INTERNAL', 'Something went wrong on our side; it has been logged'))
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new ProblemError(404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`)))
}

import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

// Orchestrator probes and scrapes come every second or so: logged only at debug.
const PROBES = /^\/(health\/|metrics(\?|$))/

/**
 * One access-log line per request, written when the answer is sent: method, URL, status and
 * milliseconds (the request id and traceId come from the request's logger). It replaces Fastify's
 * two lines per request (`incoming request` with the serialized request, `request completed`),
 * which were a tenth of a hold's CPU in the flash-sale profile (issue 10). Fastify's other log
 * lines stay as they are. Pass it as the `logController` option.
 */
class AccessLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else if (PROBES.test(request.url)) reply.log.debug(line, 'request')
    else reply.log.info(line, 'request')
  }
}

export const accessLogController = (): LogController => new AccessLogController()

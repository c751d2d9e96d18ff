import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ProblemError } from '@concert/platform'

export interface BodyLimits {
  /** bytes; a larger body is 413 PAYLOAD_TOO_LARGE */
  maxBytes: number
  /** the whole body must arrive within this many ms after the headers; else 408 REQUEST_TIMEOUT */
  timeoutMs: number
}

const tooLarge = (maxBytes: number) =>
  new ProblemError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes`, { limit: maxBytes })

type Done = (error: Error | null, body?: Buffer) => void

/**
 * Reads a proxied request's body into memory before anything is sent upstream, so the gateway
 * itself answers a body that is too large (declared by Content-Length, or a chunked body growing
 * past the limit) or too slow, and a service never sees a partial body. The API is JSON only and
 * bodies are small, so buffering costs little.
 */
function readBody({ maxBytes, timeoutMs }: BodyLimits) {
  return (request: FastifyRequest, payload: IncomingMessage, done: Done): void => {
    const declared = request.headers['content-length']
    if (declared !== undefined && Number(declared) > maxBytes) return done(tooLarge(maxBytes))

    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (error: Error | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      payload.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onClose)
      // After a 413 Node discards whatever is still coming, so the client can read the answer; a 408
      // closes the connection (platform sendProblem).
      if (error) done(error)
      else done(null, Buffer.concat(chunks, size))
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) settle(tooLarge(maxBytes))
      else chunks.push(chunk)
    }
    const onEnd = () => settle(null)
    const onAbort = () => settle(new ProblemError(400, 'REQUEST_ABORTED', 'The request body was not completely sent'))
    const onClose = () => { if (!payload.complete) onAbort() }
    const timer = setTimeout(() => settle(new ProblemError(408, 'REQUEST_TIMEOUT', `The request body did not arrive within ${timeoutMs} ms`)), timeoutMs)
    payload.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onClose)
  }
}

/**
 * Every content type is read by `readBody` in this scope (the proxy's): the body is forwarded as the
 * bytes the client sent, whatever their type; the service decides whether it speaks it (415).
 */
export function bufferBodies(scope: FastifyInstance, limits: BodyLimits): void {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('*', readBody(limits))
}

/**
 * W3C trace context carried through the saga: HTTP handlers and consumers set the active `traceparent`
 * once (`runWithTrace`), and `appendEvent` copies it into the outbox row (`tracingspancontext`), which
 * the connector turns into the record's `traceparent` header.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import * as otel from '@opentelemetry/api'

const storage = new AsyncLocalStorage<{ traceparent: string | undefined }>()

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/

/** True for a syntactically valid W3C traceparent (version-traceid-parentid-flags, non-zero ids). */
export function isTraceparent(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 512) return false
  const m = TRACEPARENT.exec(value)
  return m !== null && !/^0+$/.test(m[1]!) && !/^0+$/.test(m[2]!)
}

/** A fresh sampled traceparent (new trace id and span id). */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`
}

/** Runs `fn` with `traceparent` as the active trace context (an invalid value is dropped). */
export function runWithTrace<T>(traceparent: string | undefined | null, fn: () => T): T {
  return storage.run({ traceparent: isTraceparent(traceparent) ? traceparent : undefined }, fn)
}

/** The active traceparent, if any. */
export function currentTraceparent(): string | undefined {
  return storage.getStore()?.traceparent
}

export const traceContext = { run: runWithTrace, current: currentTraceparent, isValid: isTraceparent, create: newTraceparent }

const tracer = otel.trace.getTracer('@concert/outbox')

function format(span: otel.SpanContext): string {
  return `00-${span.traceId}-${span.spanId}-0${span.traceFlags & 1}`
}

/** The active OpenTelemetry span as a traceparent, when an SDK is running and a span is active. */
export function activeSpanTraceparent(): string | undefined {
  const span = otel.trace.getActiveSpan()?.spanContext()
  return span && otel.trace.isSpanContextValid(span) ? format(span) : undefined
}

/**
 * Runs `fn` as one saga step: in an OpenTelemetry span that continues `traceparent` (a no-op unless an
 * SDK is registered, see platform/src/otel.ts) and with the step's own traceparent active, so the
 * events it appends name this step as their parent. Without an SDK the incoming traceparent is kept.
 */
export function inSpan<T>(name: string, traceparent: string | undefined, fn: () => Promise<T>): Promise<T> {
  const parent = traceparent ? otel.propagation.extract(otel.context.active(), { traceparent }) : otel.context.active()
  return tracer.startActiveSpan(name, { kind: otel.SpanKind.CONSUMER }, parent, async (span) => {
    const own = otel.trace.isSpanContextValid(span.spanContext()) ? format(span.spanContext()) : traceparent
    try {
      return await runWithTrace(own, fn)
    } catch (error) {
      span.recordException(error as Error)
      span.setStatus({ code: otel.SpanStatusCode.ERROR })
      throw error
    } finally {
      span.end()
    }
  })
}

/**
 * OpenTelemetry tracing, off by default. Preloaded before a service's own modules
 * (`node --import tsx --import @concert/platform/otel start.ts`) so the HTTP instrumentation is in place
 * before any server exists. On when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
 * is set; spans then go to that OTLP/HTTP collector, named after OTEL_SERVICE_NAME.
 * HTTP requests become server spans; each saga step becomes a consumer span (outbox `inSpan`) that
 * continues the trace carried by the Kafka record's traceparent header.
 */
const endpoint = process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? process.env['OTEL_EXPORTER_OTLP_ENDPOINT']

if (endpoint && process.env['OTEL_SDK_DISABLED'] !== 'true') {
  const { NodeSDK } = await import('@opentelemetry/sdk-node')
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http')
  const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http')
  const sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? '') })],
  })
  sdk.start()
  const shutdown = () => void sdk.shutdown().catch(() => undefined)
  process.once('beforeExit', shutdown)
  process.once('SIGTERM', shutdown)
}

export {}

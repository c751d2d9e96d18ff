/** The longest `?wait=` the services accept (platform's MAX_WAIT_SECONDS); a larger one is their 400. */
export const MAX_WAIT_SECONDS = 30

/**
 * How long the gateway waits for an upstream answer: UPSTREAM_TIMEOUT_MS, plus the wait of a long-poll
 * (`GET …?wait=<seconds>`), which the service may rightly spend before it starts answering.
 */
export function upstreamTimeoutMs(method: string, url: string, baseMs: number): number {
  if (method !== 'GET') return baseMs
  const wait = /[?&]wait=(\d{1,6})(?:&|$)/.exec(url)
  return wait ? baseMs + Math.min(Number(wait[1]), MAX_WAIT_SECONDS) * 1000 : baseMs
}

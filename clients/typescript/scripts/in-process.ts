/**
 * The gateway's merged OpenAPI document from the real services, built in process: every service's
 * app (routes, schemas, the platform's OpenAPI transform) on the stack's MariaDB and Redis, without
 * Kafka consumers, and the real gateway in front of them. No ports to reserve, no lock to take: the
 * contract test and `generate` run beside e2e.
 */
import type { AddressInfo } from 'node:net'
import { testServiceEnv } from '@concert/platform/testing'
import { startIdentity } from '../../../services/user/testing.ts'
import { buildConcertService } from '../../../services/concert/app.ts'
import { loadConcertConfig } from '../../../services/concert/config.ts'
import { buildOrderService } from '../../../services/order/app.ts'
import { loadOrderConfig } from '../../../services/order/config.ts'
import { buildPaymentService } from '../../../services/payment/app.ts'
import { loadPaymentConfig } from '../../../services/payment/config.ts'
import { buildReviewService } from '../../../services/review/app.ts'
import { loadReviewConfig } from '../../../services/review/config.ts'
import { buildGateway } from '../../../services/gateway/app.ts'
import { loadGatewayConfig } from '../../../services/gateway/config.ts'
import { fetchSpec, type Json } from './spec.ts'

interface Closable { app: { listen(options: { port: number; host: string }): Promise<unknown>; close(): Promise<unknown>; server: { address(): unknown } } }

async function listen(service: Closable): Promise<string> {
  await service.app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`
}

export async function mergedSpecInProcess(): Promise<Json> {
  const identity = await startIdentity()
  const closing: Array<() => Promise<unknown>> = [() => identity.close()]
  try {
    const env = (service: string) => testServiceEnv(service, { JWKS_URL: identity.jwksUrl })
    const backends = {
      CONCERT_SERVICE_URL: await buildConcertService(loadConcertConfig(env('concert'))),
      ORDER_SERVICE_URL: await buildOrderService(loadOrderConfig(env('order'))),
      PAYMENT_SERVICE_URL: await buildPaymentService(loadPaymentConfig(env('payment'))),
      REVIEW_SERVICE_URL: await buildReviewService(loadReviewConfig(env('review'))),
    }
    const urls: Record<string, string> = { USER_SERVICE_URL: identity.baseUrl }
    for (const [name, service] of Object.entries(backends)) {
      closing.push(() => service.app.close())
      urls[name] = await listen(service)
    }
    const gateway = await buildGateway(loadGatewayConfig({ LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent', ...urls }))
    closing.push(() => gateway.app.close())
    return await fetchSpec(await listen(gateway))
  } finally {
    for (const close of closing.reverse()) await close().catch(() => undefined)
  }
}

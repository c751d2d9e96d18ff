import { setTimeout as sleep } from 'node:timers/promises'
import { simulatedDecline, type Authorization, type AuthorizationRequest, type PaymentGateway } from '../domain/gateway.ts'

export interface SimulatorOptions {
  /** share of payments declined, 0..1 */
  declineRate: number
  latencyMs: number
}

/** The bundled gateway: no network, a configurable delay and a deterministic decline decision per payment. */
export class SimulatedGateway implements PaymentGateway {
  constructor(private readonly options: SimulatorOptions) {}

  async authorize(request: AuthorizationRequest): Promise<Authorization> {
    if (this.options.latencyMs > 0) await sleep(this.options.latencyMs)
    return simulatedDecline(request.paymentId, this.options.declineRate)
      ? { approved: false, reason: 'card declined (simulated)' }
      : { approved: true }
  }
}

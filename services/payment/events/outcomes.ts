import type { HandlerResult } from '@concert/outbox'

export const applied: HandlerResult = { outcome: 'applied' }
export const ignored = (reason: string): HandlerResult => ({ outcome: 'ignored', reason })

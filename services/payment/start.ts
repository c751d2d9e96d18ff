import { runService } from '@concert/platform'
import { buildPaymentService } from './app.ts'
import { loadPaymentConfig } from './config.ts'

await runService('payment-service', () => loadPaymentConfig(), (config) => buildPaymentService(config))

import { runService } from '@concert/platform'
import { buildPaymentService } from './app.ts'
import { loadPaymentConfig } from './config.ts'

const config = loadPaymentConfig()
await runService('payment-service', () => buildPaymentService(config), config.PORT, config.HOST)

import { runService } from '@concert/platform'
import { buildOrderService } from './app.ts'
import { loadOrderConfig } from './config.ts'

await runService('order-service', () => loadOrderConfig(), (config) => buildOrderService(config))

import { runService } from '@concert/platform'
import { buildOrderService } from './app.ts'
import { loadOrderConfig } from './config.ts'

const config = loadOrderConfig()
await runService('order-service', () => buildOrderService(config), config.PORT, config.HOST)

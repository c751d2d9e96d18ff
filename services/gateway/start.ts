import { runService, type Runnable } from '@concert/platform'
import { buildGateway } from './app.ts'
import { loadGatewayConfig } from './config.ts'

const config = loadGatewayConfig()
// runService only listens, starts and closes the app; it does not need the services' TypeBox typing.
await runService('gateway', async () => (await buildGateway(config)) as unknown as Runnable, config.PORT, config.HOST)

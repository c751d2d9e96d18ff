import { runService, type Runnable } from '@concert/platform'
import { buildGateway } from './app.ts'
import { loadGatewayConfig } from './config.ts'

// runService only listens, starts and closes the app; it does not need the services' TypeBox typing.
await runService('gateway', () => loadGatewayConfig(), async (config) => (await buildGateway(config)) as unknown as Runnable)

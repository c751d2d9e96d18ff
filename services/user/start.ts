import { runService } from '@concert/platform'
import { buildUserService } from './app.ts'
import { loadUserConfig } from './config.ts'

await runService('user-service', () => loadUserConfig(), (config) => buildUserService(config))

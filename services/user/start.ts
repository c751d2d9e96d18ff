import { runService } from '@concert/platform'
import { buildUserService } from './app.ts'
import { loadUserConfig } from './config.ts'

const config = loadUserConfig()
await runService('user-service', () => buildUserService(config), config.PORT, config.HOST)

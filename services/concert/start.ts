import { runService } from '@concert/platform'
import { buildConcertService } from './app.ts'
import { loadConcertConfig } from './config.ts'

const config = loadConcertConfig()
await runService('concert-service', () => buildConcertService(config), config.PORT, config.HOST)

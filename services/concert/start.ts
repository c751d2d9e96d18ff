import { runService } from '@concert/platform'
import { buildConcertService } from './app.ts'
import { loadConcertConfig } from './config.ts'

await runService('concert-service', () => loadConcertConfig(), (config) => buildConcertService(config))

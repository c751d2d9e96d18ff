import { runService } from '@concert/platform'
import { buildReviewService } from './app.ts'
import { loadReviewConfig } from './config.ts'

const config = loadReviewConfig()
await runService('review-service', () => buildReviewService(config), config.PORT, config.HOST)

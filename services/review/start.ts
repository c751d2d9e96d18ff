import { runService } from '@concert/platform'
import { buildReviewService } from './app.ts'
import { loadReviewConfig } from './config.ts'

await runService('review-service', () => loadReviewConfig(), (config) => buildReviewService(config))

import { migrateCommand } from '@concert/platform'
import { loadReviewConfig } from '../config.ts'
import { migrations } from './migrations.ts'

await migrateCommand('review-service', loadReviewConfig().DATABASE_URL, migrations)

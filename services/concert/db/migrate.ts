import { migrateCommand } from '@concert/platform'
import { loadConcertConfig } from '../config.ts'
import { migrations } from './migrations.ts'

await migrateCommand('concert-service', loadConcertConfig().DATABASE_URL, migrations)

import { migrateCommand } from '@concert/platform'
import { loadUserConfig } from '../config.ts'
import { migrations } from './migrations.ts'

await migrateCommand('user-service', loadUserConfig().DATABASE_URL, migrations)

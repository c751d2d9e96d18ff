import { migrateCommand } from '@concert/platform'
import { loadOrderConfig } from '../config.ts'
import { migrations } from './migrations.ts'

await migrateCommand('order-service', loadOrderConfig().DATABASE_URL, migrations)

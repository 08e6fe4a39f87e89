import { bootstrapDatabase } from './bootstrap';

// `npm run db:migrate`: the same start-up path as the server (embedded or external), then exit.
const db = await bootstrapDatabase({ migrate: true });
await db.stop();
process.stdout.write('migrations are current\n');

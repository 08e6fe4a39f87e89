import { bootstrapDatabase } from '../server/db/bootstrap';
import { createRuntime } from '../server/runtime';
import { seedDemoIfEmpty } from './seed-demo';

// `npm run db:seed`: migrate, then seed the demo workspaces if the database has no users yet.
const database = await bootstrapDatabase({ migrate: true });
const rt = createRuntime(database);
const seeded = await seedDemoIfEmpty(rt);
if (seeded === null) process.stdout.write('database already has users; demo not seeded\n');
await rt.close();
await database.stop();

import { defineConfig } from 'prisma/config';

// Only `prisma generate` runs here: migrations are plain SQL applied by server/db/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
});

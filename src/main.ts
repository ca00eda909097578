import 'reflect-metadata';
import { createHttpApp } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';

/** HTTP entry: API, redirects, provider webhooks; with APP_ROLE=all (default) the queue workers run here too. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHttpApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

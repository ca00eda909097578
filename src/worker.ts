import 'reflect-metadata';
import { createWorkerContext } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';

/** Queue workers only (launch, send, maintenance), for scaling them apart from HTTP. */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, APP_ROLE: 'worker' });
  await createWorkerContext(config);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AppConfig, loadConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { PrismaModule } from '../prisma/prisma.module.js';
import { AccountModule } from '../modules/account/account.module.js';
import { AccountService } from '../modules/account/account.service.js';

/** `npm run account:create -- --name "Acme" [--country GB] [--timezone Europe/London]` prints `{ accountId, apiKey }`. */
export async function createAccountFromCli(argv: string[], config: AppConfig = loadConfig()): Promise<{ accountId: string; apiKey: string }> {
  const { values } = parseArgs({
    args: argv,
    options: { name: { type: 'string' }, country: { type: 'string' }, timezone: { type: 'string' } },
  });
  if (!values.name?.trim()) throw new Error('--name is required, e.g. npm run account:create -- --name "Acme"');

  @Module({ imports: [ConfigModule.forRoot(config), PrismaModule, AccountModule] })
  class AccountCliModule {}

  const app = await NestFactory.createApplicationContext(AccountCliModule, { logger: false });
  try {
    return await app.get(AccountService).createAccount({
      name: values.name.trim(),
      defaultCountry: values.country?.toUpperCase() ?? config.DEFAULT_COUNTRY,
      timezone: values.timezone,
    });
  } finally {
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  createAccountFromCli(process.argv.slice(2))
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

import { DynamicModule, Module, Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams } from './common/logging.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { AccountModule } from './modules/account/account.module.js';
import { CampaignModule, CampaignWorkerModule } from './modules/campaign/campaign.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { LinkModule } from './modules/link/link.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { OptOutModule } from './modules/opt-out/opt-out.module.js';
import { ProviderWebhookModule } from './modules/provider-webhook/provider-webhook.module.js';
import { RecipientModule } from './modules/recipient/recipient.module.js';
import { SendModule, SendWorkerModule } from './modules/send/send.module.js';
import { SmsProviderModule } from './modules/sms-provider/sms-provider.module.js';
import { PrismaModule } from './prisma/prisma.module.js';
import { QueueModule } from './queue/queue.module.js';

/** Feature modules with controllers and services (every role). */
const FEATURE_MODULES: Type[] = [
  MetricsModule,
  SmsProviderModule,
  AccountModule,
  RecipientModule,
  CampaignModule,
  LinkModule,
  SendModule,
  OptOutModule,
  ProviderWebhookModule,
  HealthModule,
];

/** Modules that host queue processors: loaded only where workers run. */
const WORKER_MODULES: Type[] = [CampaignWorkerModule, SendWorkerModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        PrismaModule,
        QueueModule,
        ...FEATURE_MODULES,
        ...(config.runsWorkers ? WORKER_MODULES : []),
      ],
    };
  }
}

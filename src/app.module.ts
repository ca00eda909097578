import { DynamicModule, Module, Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams } from './common/logging.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { AccountModule } from './modules/account/account.module.js';
import { AnalyticsModule, AnalyticsWorkerModule } from './modules/analytics/analytics.module.js';
import { CampaignModule, CampaignWorkerModule } from './modules/campaign/campaign.module.js';
import { DashboardModule } from './modules/dashboard/dashboard.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { ClickWorkerModule } from './modules/click/click.module.js';
import { ConversionModule } from './modules/conversion/conversion.module.js';
import { LinkApiModule, LinkModule } from './modules/link/link.module.js';
import { LiveFeedModule } from './modules/live-feed/live-feed.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { OptOutModule } from './modules/opt-out/opt-out.module.js';
import { ProviderWebhookModule } from './modules/provider-webhook/provider-webhook.module.js';
import { RecipientModule } from './modules/recipient/recipient.module.js';
import { RedirectModule } from './modules/redirect/redirect.module.js';
import { SegmentModule } from './modules/segment/segment.module.js';
import { SendModule, SendWorkerModule } from './modules/send/send.module.js';
import { SmsProviderModule } from './modules/sms-provider/sms-provider.module.js';
import { WebhookModule, WebhookWorkerModule } from './modules/webhook/webhook.module.js';
import { PrismaModule } from './prisma/prisma.module.js';
import { QueueModule } from './queue/queue.module.js';

/** Every role: /metrics and /health (served on METRICS_PORT by worker-only processes). */
const OPERATIONS_MODULES: Type[] = [MetricsModule, HealthModule];

/** The API's features, with their controllers and services (the API and worker roles). */
const FEATURE_MODULES: Type[] = [
  SmsProviderModule,
  AccountModule,
  RecipientModule,
  SegmentModule,
  CampaignModule,
  LinkModule,
  LinkApiModule,
  SendModule,
  OptOutModule,
  ProviderWebhookModule,
  AnalyticsModule,
  ConversionModule,
  WebhookModule,
  LiveFeedModule,
];

/** Modules that host queue processors: loaded only where workers run. */
const WORKER_MODULES: Type[] = [CampaignWorkerModule, SendWorkerModule, ClickWorkerModule, AnalyticsWorkerModule, WebhookWorkerModule];

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
        ...OPERATIONS_MODULES,
        ...(config.runsApi || config.runsWorkers ? FEATURE_MODULES : []),
        // The short-link host: every HTTP role serves it; APP_ROLE=redirect serves nothing else.
        ...(config.runsHttp ? [RedirectModule] : []),
        // The dashboard's files, where the API it calls is served.
        ...(config.runsApi ? [DashboardModule] : []),
        ...(config.runsWorkers ? WORKER_MODULES : []),
      ],
    };
  }
}

import { DynamicModule, Module, Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams } from './common/logging';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { AccountModule } from './modules/account/account.module';
import { PrismaModule } from './prisma/prisma.module';
import { QueueModule } from './queue/queue.module';

/** Feature modules with controllers and services (every role). */
const FEATURE_MODULES: Type[] = [AccountModule];

/** Modules that host queue processors: loaded only where workers run. */
const WORKER_MODULES: Type[] = [];

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

import { Module } from '@nestjs/common';

@Module({})
export class SendModule {}

/** Queue processors of this feature; loaded only where workers run. */
@Module({ imports: [SendModule] })
export class SendWorkerModule {}

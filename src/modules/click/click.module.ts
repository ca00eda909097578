import { Module } from '@nestjs/common';
import { ClickBacklogGauge } from './click-backlog.gauge.js';
import { ClickCaptureService } from './click-capture.service.js';
import { ClickIngestService } from './click-ingest.service.js';
import { ClickRepository } from './click.repository.js';
import { GeoLocator } from './geo-locator.js';

/** Click capture (the redirect writes events to a Redis Stream) and reads of stored clicks. */
@Module({
  providers: [ClickCaptureService, ClickRepository, ClickBacklogGauge],
  exports: [ClickCaptureService, ClickRepository],
})
export class ClickModule {}

/** The ingest consumer (stream -> PostgreSQL); loaded only where workers run. */
@Module({
  imports: [ClickModule],
  providers: [ClickIngestService, GeoLocator],
})
export class ClickWorkerModule {}

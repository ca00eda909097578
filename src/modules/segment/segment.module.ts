import { Module } from '@nestjs/common';
import { SegmentController } from './segment.controller.js';
import { SegmentRepository } from './segment.repository.js';
import { SegmentService } from './segment.service.js';

/** Engagement segments: audience rules that campaigns target by key and launches evaluate. */
@Module({
  controllers: [SegmentController],
  providers: [SegmentRepository, SegmentService],
  exports: [SegmentService],
})
export class SegmentModule {}

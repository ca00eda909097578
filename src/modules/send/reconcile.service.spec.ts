import { jest } from '@jest/globals';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { ProviderMessageMatcher } from './provider-message-matcher.js';
import { MIN_RECONCILE_AFTER_MS, ReconcileService } from './reconcile.service.js';
import type { SendRepository } from './send.repository.js';

function service(reconcileAfterSeconds: number) {
  const repository = { findStuckSending: jest.fn(async () => []) };
  const config = Object.assign(new AppConfig(), { SEND_RECONCILE_AFTER_SECONDS: reconcileAfterSeconds });
  const reconciler = new ReconcileService(
    repository as unknown as SendRepository,
    {} as ProviderMessageMatcher,
    new MetricsService(),
    config,
    {} as Queue,
  );
  return { reconciler, repository };
}

describe('ReconcileService', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it('only looks at claims older than SEND_RECONCILE_AFTER_SECONDS', async () => {
    const { reconciler, repository } = service(120);
    await reconciler.reconcileStuckSending(now);
    expect(repository.findStuckSending).toHaveBeenCalledWith(new Date(now.getTime() - 120_000), expect.any(Number));
  });

  it('never looks at a claim whose provider call may still be in flight, however low the setting', async () => {
    const { reconciler, repository } = service(5);
    await reconciler.reconcileStuckSending(now);
    expect(repository.findStuckSending).toHaveBeenCalledWith(new Date(now.getTime() - MIN_RECONCILE_AFTER_MS), expect.any(Number));
    expect(MIN_RECONCILE_AFTER_MS).toBeGreaterThan(15_000);
  });
});

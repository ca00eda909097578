import { jest } from '@jest/globals';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { OptOutService } from '../opt-out/opt-out.service.js';
import { SmsProviderError, type SmsProvider } from '../sms-provider/sms-provider.js';
import type { ProviderMessageMatcher } from './provider-message-matcher.js';
import type { SendRateLimiter } from './send-rate-limiter.js';
import type { FrequencyCapReason, RecentSends } from './frequency-cap.js';
import type { CappedClaim, ClaimedMessage, SendContext, SendRepository } from './send.repository.js';
import { RetryableSendError, SendService } from './send.service.js';

const claimed: ClaimedMessage = { id: 'm1', phone: '+14155550100', sender: '+15005550006', body: 'Hi', sendingAt: new Date() };
const context: SendContext = {
  id: 'm1',
  accountId: 'a1',
  status: 'queued',
  phone: claimed.phone,
  sender: claimed.sender,
  notBefore: null,
  campaignStatus: 'sending',
  quietHours: null,
  inheritQuietHours: true,
  accountQuietHours: null,
  frequencyCap24h: null,
  frequencyCap7d: null,
  sendRate: null,
  recipientTimezone: null,
};

interface SetupOverrides {
  context?: Partial<SendContext>;
  sendError?: unknown;
  optedOut?: boolean;
  found?: boolean;
  rateDelay?: number;
  recent?: RecentSends;
}

function setup(overrides: SetupOverrides = {}) {
  const repository = {
    loadSendContext: jest.fn(async () => ({ ...context, ...overrides.context })),
    claim: jest.fn(async () => claimed),
    recentSends: jest.fn(async () => overrides.recent ?? { last24Hours: 0, last7Days: 0 }),
    claimWithinCap: jest.fn(
      async (_message: unknown, decide: (recent: RecentSends) => FrequencyCapReason | null, options?: { skipOnly?: boolean }): Promise<CappedClaim> => {
        const reason = decide(overrides.recent ?? { last24Hours: 0, last7Days: 0 });
        if (reason) return { kind: 'skipped', reason };
        return options?.skipOnly ? { kind: 'under_cap' } : { kind: 'claimed', message: claimed };
      },
    ),
    cancelIfCampaignCancelled: jest.fn(async () => true),
    setNotBefore: jest.fn(async () => undefined),
    recordAccepted: jest.fn(async () => true),
    markSuppressed: jest.fn(async () => true),
    markFailed: jest.fn(async () => true),
    requeue: jest.fn(async () => true),
    noteError: jest.fn(async () => undefined),
  };
  const provider = {
    send: jest.fn(async () => {
      if (overrides.sendError) throw overrides.sendError;
      return { sid: 'SM1', status: 'queued', acceptedAt: new Date() };
    }),
  };
  const optOuts = { isOptedOut: jest.fn(async () => overrides.optedOut ?? false), recordProviderOptOut: jest.fn(async () => undefined) };
  const limiter = { reserve: jest.fn(async () => overrides.rateDelay ?? 0) };
  const matcher = { findAtProvider: jest.fn(async () => (overrides.found ? { sid: 'SM9', dateCreated: new Date() } : null)) };
  const config = Object.assign(new AppConfig(), { PUBLIC_BASE_URL: 'https://hooks.example.com/' });
  const service = new SendService(
    repository as unknown as SendRepository,
    optOuts as unknown as OptOutService,
    limiter as unknown as SendRateLimiter,
    matcher as unknown as ProviderMessageMatcher,
    new MetricsService(),
    config,
    provider as unknown as SmsProvider,
  );
  return { service, repository, provider, optOuts, limiter, matcher };
}

describe('SendService', () => {
  it('claims, sends with a status callback naming the message, and records the sid', async () => {
    const { service, repository, provider } = setup();
    expect(await service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'sent' });
    expect(provider.send).toHaveBeenCalledWith(
      expect.objectContaining({ to: claimed.phone, statusCallback: 'https://hooks.example.com/webhooks/twilio/status?messageId=m1' }),
    );
    expect(repository.recordAccepted).toHaveBeenCalledWith('m1', 'SM1', expect.any(Date));
  });

  it('does nothing when the message is no longer queued or someone else claimed it', async () => {
    const notQueued = setup({ context: { status: 'sent' } });
    expect(await notQueued.service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'skipped' });
    expect(notQueued.repository.claim).not.toHaveBeenCalled();

    const lostRace = setup();
    lostRace.repository.claim.mockResolvedValueOnce(null as never);
    expect(await lostRace.service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'skipped' });
    expect(lostRace.provider.send).not.toHaveBeenCalled();
  });

  it('waits for the rate limit before claiming', async () => {
    const { service, repository } = setup({ rateDelay: 400 });
    const decision = await service.send('m1', { finalAttempt: false });
    expect(decision).toMatchObject({ kind: 'delay', reason: 'rate_limit' });
    expect(repository.claim).not.toHaveBeenCalled();
  });

  it('suppresses an opted-out phone after claiming, without calling the provider', async () => {
    const { service, repository, provider } = setup({ optedOut: true });
    expect(await service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'suppressed' });
    expect(repository.markSuppressed).toHaveBeenCalledWith('m1', 'opted_out');
    expect(provider.send).not.toHaveBeenCalled();
  });

  it('records a provider opt-out (21610) as suppressed and as an opt-out', async () => {
    const { service, repository, optOuts } = setup({ sendError: new SmsProviderError('unsubscribed', 21610, 400, false) });
    expect(await service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'suppressed' });
    expect(repository.markSuppressed).toHaveBeenCalledWith('m1', 'provider_opted_out', expect.objectContaining({ code: 21610 }));
    expect(optOuts.recordProviderOptOut).toHaveBeenCalledWith(claimed.sender, claimed.phone);
  });

  it('requeues and throws on a retryable error, but fails the message on the last attempt', async () => {
    const throttled = new SmsProviderError('slow down', 20429, 429, true);
    const early = setup({ sendError: throttled });
    await expect(early.service.send('m1', { finalAttempt: false })).rejects.toBeInstanceOf(RetryableSendError);
    expect(early.repository.requeue).toHaveBeenCalledWith('m1', expect.objectContaining({ code: 20429 }));

    const last = setup({ sendError: throttled });
    expect(await last.service.send('m1', { finalAttempt: true })).toEqual({ kind: 'done', outcome: 'failed' });
    expect(last.repository.markFailed).toHaveBeenCalledWith('m1', expect.objectContaining({ code: 20429 }));
    expect(last.repository.requeue).not.toHaveBeenCalled();
  });

  it('never resends after an ambiguous error: found at the provider -> sent, else left for reconciliation', async () => {
    const lost = new SmsProviderError('socket hang up', undefined, undefined, true, true);
    const found = setup({ sendError: lost, found: true });
    expect(await found.service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'sent' });
    expect(found.repository.recordAccepted).toHaveBeenCalledWith('m1', 'SM9', expect.any(Date));

    const missing = setup({ sendError: lost, found: false });
    expect(await missing.service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'unknown' });
    expect(missing.repository.requeue).not.toHaveBeenCalled();
    expect(missing.repository.noteError).toHaveBeenCalled();
  });

  it('cancels instead of sending when the campaign was cancelled', async () => {
    const { service, repository, provider } = setup({ context: { campaignStatus: 'cancelled' } });
    expect(await service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'cancelled' });
    expect(repository.cancelIfCampaignCancelled).toHaveBeenCalledWith('m1');
    expect(provider.send).not.toHaveBeenCalled();
  });

  it('claims under the cap through the locked count, and skips for good at the cap without calling the provider', async () => {
    const under = setup({ context: { frequencyCap24h: 2 }, recent: { last24Hours: 1, last7Days: 1 } });
    expect(await under.service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'sent' });
    expect(under.repository.claim).not.toHaveBeenCalled();
    expect(under.repository.claimWithinCap).toHaveBeenCalledTimes(1);
    expect(under.repository.claimWithinCap).toHaveBeenCalledWith(expect.objectContaining({ id: 'm1', accountId: 'a1', phone: claimed.phone }), expect.any(Function));
    expect(under.limiter.reserve).toHaveBeenCalled();

    // At the cap: skipped under the lock before the sender's rate is spent on it.
    const at = setup({ context: { frequencyCap24h: 2, frequencyCap7d: 5 }, recent: { last24Hours: 1, last7Days: 5 } });
    expect(await at.service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'frequency_capped' });
    expect(at.repository.claimWithinCap).toHaveBeenCalledWith(expect.anything(), expect.any(Function), { skipOnly: true });
    expect(at.limiter.reserve).not.toHaveBeenCalled();
    expect(at.provider.send).not.toHaveBeenCalled();
    expect(at.optOuts.isOptedOut).not.toHaveBeenCalled();
  });

  it('uses the plain claim when the account has no cap', async () => {
    const { service, repository } = setup();
    expect(await service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'sent' });
    expect(repository.claim).toHaveBeenCalledWith('m1');
    expect(repository.claimWithinCap).not.toHaveBeenCalled();
  });

  it("holds a message outside the account's quiet hours unless the campaign overrides them", async () => {
    const closedNow = { start: hourUtc(2), end: hourUtc(3) };
    const held = setup({ context: { accountQuietHours: closedNow, recipientTimezone: 'UTC' } });
    expect(await held.service.send('m1', { finalAttempt: false })).toMatchObject({ kind: 'delay', reason: 'quiet_hours' });
    expect(held.repository.setNotBefore).toHaveBeenCalledWith('m1', expect.any(Date));
    expect(held.repository.claim).not.toHaveBeenCalled();

    const optedOut = setup({ context: { accountQuietHours: closedNow, inheritQuietHours: false, recipientTimezone: 'UTC' } });
    expect(await optedOut.service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'sent' });

    const ownWindow = setup({ context: { accountQuietHours: closedNow, quietHours: { start: '00:00', end: '00:00' }, recipientTimezone: 'UTC' } });
    expect(await ownWindow.service.send('m1', { finalAttempt: false })).toEqual({ kind: 'done', outcome: 'sent' });
  });
});

/** "HH:00" UTC, some hours from now. */
function hourUtc(hoursAhead: number): string {
  return `${String((new Date().getUTCHours() + hoursAhead) % 24).padStart(2, '0')}:00`;
}

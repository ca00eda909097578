import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ReconcileService } from '../../src/modules/send/reconcile.service.js';
import { SMS_PROVIDER, type SmsProvider } from '../../src/modules/sms-provider/sms-provider.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const SENDER = '+15005550006';
const SERVICE = `MG${'1'.repeat(32)}`;

/**
 * Reconciliation against a provider that keeps messages queued for a long
 * time (as a Messaging Service queue or a throttled sender does): a message
 * Twilio holds but has not sent yet has no date_sent, and must still be found.
 */
describe('reconciliation while the provider still holds the message queued (e2e)', () => {
  let t: TestApp;
  let accountId: string;
  let phoneSeq = 0;

  beforeAll(async () => {
    // Callbacks (and so date_sent) only after ten minutes: every message stays queued at the provider during the test.
    t = await createTestApp('send_reconcile', {}, { sandbox: { sentDelayMs: [600_000, 600_000], finalDelayMs: [0, 0] } });
    ({ accountId } = await t.createAccount('Reconciler'));
  });
  afterAll(() => t.close());

  async function stuckMessage(sender: string) {
    const phone = `+1415556${String(1000 + phoneSeq++).padStart(4, '0')}`;
    const campaign = await t.prisma.campaign.create({
      data: { accountId, name: 'Queued at Twilio', slug: `q-${randomUUID()}`, sender, segments: ['all'], status: 'sending' },
    });
    const recipient = await t.prisma.recipient.create({ data: { accountId, phone, segments: ['all'] } });
    return t.prisma.message.create({
      data: {
        id: uuidv7(),
        accountId,
        campaignId: campaign.id,
        recipientId: recipient.id,
        phone,
        sender,
        variant: 'A',
        segment: 'all',
        body: `Hello ${phone} https://sho.rt/q${phoneSeq}`,
        smsSegments: 1,
        status: 'sending',
        // The worker claimed it long ago and died after the provider took it.
        sendingAt: new Date(Date.now() - 10 * 60_000),
        sendAttempts: 1,
      },
    });
  }

  it.each([
    ['a number', SENDER],
    ['a Messaging Service', SERVICE],
  ])('finds a message from %s that the provider has not sent yet, and does not send it again', async (_, sender) => {
    const m = await stuckMessage(sender);
    const accepted = await t.app.get<SmsProvider>(SMS_PROVIDER).send({
      to: m.phone,
      sender,
      body: m.body,
      statusCallback: `${t.config.PUBLIC_BASE_URL}/webhooks/twilio/status`,
    });
    expect(t.sandbox.messages().find((s) => s.sid === accepted.sid)?.dateSent).toBeNull();

    const summary = await t.app.get(ReconcileService).reconcileStuckSending();
    expect(summary).toMatchObject({ checked: 1, foundAtProvider: 1, requeued: 0 });
    const row = await t.prisma.message.findUniqueOrThrow({ where: { id: m.id } });
    expect(row).toMatchObject({ status: 'sent', providerSid: accepted.sid, sendAttempts: 1 });
    // Give a wrongly requeued send job time to run before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(t.sandbox.messages().filter((s) => s.to === m.phone)).toHaveLength(1);
  });
});

import { SandboxEngine } from './sandbox-engine.js';

const request = (to: string) => ({ to, from: '+15005550006', messagingServiceSid: null, body: 'Hi', statusCallback: null });

/** Runs a seeded engine over the same recipients and returns what it decided. */
function run(seed: string, recipients: string[]) {
  const engine = new SandboxEngine({ seed, sentDelayMs: [0, 0], finalDelayMs: [0, 0] });
  const sids = recipients.map((to) => engine.accept('AC00000000000000000000000000000000', request(to)).sid);
  engine.reset();
  return sids;
}

describe('SandboxEngine', () => {
  it('gives the same sids for the same seed, and others for another seed', () => {
    const recipients = ['+14155550100', '+14155550101', '+14155550100'];
    expect(run('a', recipients)).toEqual(run('a', recipients));
    expect(run('a', recipients)).not.toEqual(run('b', recipients));
    expect(new Set(run('a', recipients)).size).toBe(3);
  });

  it('queues injected failures in order and forgets them on reset', () => {
    const engine = new SandboxEngine();
    engine.failNext(2, { httpStatus: 503 });
    expect(engine.takeFailure()).toEqual({ httpStatus: 503 });
    engine.reset();
    expect(engine.takeFailure()).toBeUndefined();
    expect(() => engine.failNext(-1)).toThrow(/count/);
  });

  it('answers accepted for a Messaging Service and queued for a number', () => {
    const engine = new SandboxEngine();
    const viaNumber = engine.accept('AC00000000000000000000000000000000', request('+14155550100'));
    const viaService = engine.accept('AC00000000000000000000000000000000', { ...request('+14155550100'), from: null, messagingServiceSid: `MG${'a'.repeat(32)}` });
    expect([viaNumber.status, viaService.status]).toEqual(['queued', 'accepted']);
    engine.reset();
  });

  it('refuses to deliver inbound SMS without a webhook URL', async () => {
    await expect(new SandboxEngine().deliverInbound({ from: '+14155550100', to: '+15005550006', body: 'STOP' })).rejects.toThrow(/inbound webhook URL/);
  });
});

import type { ProviderMessage, SmsProvider } from '../sms-provider/sms-provider.js';
import { ProviderMessageMatcher } from './provider-message-matcher.js';
import type { ClaimedMessage, SendRepository } from './send.repository.js';

const sendingAt = new Date('2026-11-22T12:00:00Z');
const message: ClaimedMessage = {
  id: 'm1',
  phone: '+14155550100',
  sender: '+15005550006',
  body: 'It’s back — 20% off: https://sho.rt/Ab3dE5gH',
  sendingAt,
};

function providerMessage(sid: string, body: string): ProviderMessage {
  return { sid, to: message.phone, from: message.sender, messagingServiceSid: null, body, status: 'queued', dateCreated: new Date(sendingAt.getTime() + 1000) };
}

function matcher(recent: ProviderMessage[], { codes = ['Ab3dE5gH'], known = [] as string[] } = {}) {
  const repository = {
    knownProviderSids: async (sids: string[]) => new Set(sids.filter((sid) => known.includes(sid))),
    linkCodes: async () => codes,
  };
  const provider = { findRecent: async () => recent };
  return new ProviderMessageMatcher(repository as unknown as SendRepository, provider as unknown as SmsProvider);
}

describe('ProviderMessageMatcher', () => {
  it('finds the message by its exact body', async () => {
    expect(await matcher([providerMessage('SM1', message.body)]).findAtProvider(message)).toMatchObject({ sid: 'SM1' });
  });

  it('finds it by its own short link when the provider rewrote the text (Smart Encoding)', async () => {
    const rewritten = providerMessage('SM1', "It's back - 20% off: https://sho.rt/Ab3dE5gH");
    expect(await matcher([rewritten]).findAtProvider(message)).toMatchObject({ sid: 'SM1' });
  });

  it('ignores another message to the same phone, and a sid another message already holds', async () => {
    const other = providerMessage('SM2', 'It’s back — 20% off: https://sho.rt/Zz9yX8wV');
    expect(await matcher([other]).findAtProvider(message)).toBeNull();
    expect(await matcher([providerMessage('SM3', message.body)], { known: ['SM3'] }).findAtProvider(message)).toBeNull();
  });

  it('without links, only the exact body matches', async () => {
    const plain = { ...message, body: 'It’s back' };
    expect(await matcher([providerMessage('SM1', "It's back")], { codes: [] }).findAtProvider(plain)).toBeNull();
    expect(await matcher([providerMessage('SM1', 'It’s back')], { codes: [] }).findAtProvider(plain)).toMatchObject({ sid: 'SM1' });
  });
});

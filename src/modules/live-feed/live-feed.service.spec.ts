import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { AppConfig } from '../../config/app-config.js';
import type { AnalyticsService } from '../analytics/analytics.service.js';
import { LiveClickHub, type Subscriber } from './live-click.hub.js';
import { LiveFeedService } from './live-feed.service.js';

/** A subscriber connection that records (un)subscriptions and lets the test publish. */
class FakeSubscriber extends EventEmitter {
  readonly calls: string[] = [];
  subscribe(channel: string) {
    this.calls.push(`subscribe ${channel}`);
    return Promise.resolve(1);
  }
  unsubscribe(channel: string) {
    this.calls.push(`unsubscribe ${channel}`);
    return Promise.resolve(0);
  }
  quit() {
    return Promise.resolve('OK');
  }
  disconnect() {}
  publish(channel: string, clicks: object[]) {
    this.emit('message', channel, JSON.stringify(clicks));
  }
}

class TestHub extends LiveClickHub {
  readonly fake = new FakeSubscriber();
  protected override createSubscriber(): Subscriber {
    return this.fake as unknown as Subscriber;
  }
}

const config = { QUEUE_PREFIX: 'p', LIVE_FEED_HEARTBEAT_SECONDS: 15, LIVE_FEED_MAX_STREAMS: 2 } as AppConfig;
const click = (id: string) => ({ id, clickClass: 'human', deviceType: 'mobile', code: 'abc*****' });
const sink = () => ({ frames: [] as string[], ended: false, write(frame: string) { this.frames.push(frame); }, end() { this.ended = true; } });

describe('live feed: hub and service', () => {
  let hub: TestHub;
  let feed: LiveFeedService;
  const analytics = { campaign: () => Promise.resolve({}) } as unknown as AnalyticsService;

  beforeEach(() => {
    jest.useFakeTimers();
    hub = new TestHub(config);
    feed = new LiveFeedService(analytics, hub, config);
  });
  afterEach(() => jest.useRealTimers());

  it('subscribes a campaign once however many feeds watch it, fans each message out to them, and unsubscribes with the last', async () => {
    const [a, b, other] = [sink(), sink(), sink()];
    const closeA = await feed.open('c1', a);
    const closeB = await feed.open('c1', b);
    await feed.open('c2', other);
    expect(hub.fake.calls).toEqual(['subscribe p:live-clicks:c1', 'subscribe p:live-clicks:c2']);
    for (const s of [a, b]) expect(s.frames[0]).toBe('event: ready\ndata: {"campaignId":"c1"}\n\n');

    hub.fake.publish('p:live-clicks:c1', [click('k1'), click('k2')]);
    expect(a.frames.slice(1).map((f) => f.split('\n')[1])).toEqual(['id: k1', 'id: k2']);
    expect(b.frames).toHaveLength(3);
    expect(other.frames).toHaveLength(1);

    closeA();
    expect(hub.fake.calls).toHaveLength(2);
    closeB();
    expect(hub.fake.calls.at(-1)).toBe('unsubscribe p:live-clicks:c1');
    hub.fake.publish('p:live-clicks:c1', [click('k3')]);
    expect(b.frames).toHaveLength(3);
    expect(hub.size).toBe(1);
  });

  it('keeps an idle stream alive with a comment every heartbeat period, and stops when the client leaves', async () => {
    const s = sink();
    const close = await feed.open('c1', s);
    jest.advanceTimersByTime(15_000);
    expect(s.frames.at(-1)).toBe(': keep-alive\n\n');
    close();
    jest.advanceTimersByTime(60_000);
    expect(s.frames.filter((f) => f.startsWith(':'))).toHaveLength(1);
  });

  it('refuses a feed past the per-process limit, and ends every stream at shutdown', async () => {
    const [a, b] = [sink(), sink()];
    await feed.open('c1', a);
    await feed.open('c2', b);
    await expect(feed.check('acc', 'c3')).rejects.toMatchObject({ kind: 'unavailable', code: 'live_feed_full' });
    await hub.onModuleDestroy();
    expect([a.ended, b.ended]).toEqual([true, true]);
    expect(hub.size).toBe(0);
  });

  it('ignores messages it cannot read and channels it does not watch', async () => {
    const s = sink();
    await feed.open('c1', s);
    hub.fake.emit('message', 'p:live-clicks:c1', 'not json');
    hub.fake.publish('p:live-clicks:c9', [click('x')]);
    hub.fake.publish('elsewhere', [click('y')]);
    expect(s.frames).toHaveLength(1);
  });
});

import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ClickCaptureService } from '../click/click-capture.service.js';
import { ClickSource, ClickTextLimits } from '../click/click-event.js';
import { isShortCode } from '../link/short-code.js';
import { LinkCache } from '../link/link-cache.js';
import { LinkTarget, redirectDecision } from '../link/link-target.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { EXPIRED_PAGE, NOT_FOUND_PAGE, TOO_MANY_PAGE, UNAVAILABLE_PAGE } from './redirect-pages.js';
import { NotFoundLimiter } from './not-found-limiter.js';

/** A short-link request as the redirect needs it, independent of the HTTP framework. */
export interface ShortLinkRequest {
  code: string;
  method: string;
  /** The scan marker of QR codes (`?s=qr`). */
  scanMarker: string | undefined;
  ip: string;
  userAgent: string | undefined;
  referrer: string | undefined;
  acceptLanguage: string | undefined;
}

export interface ShortLinkResponse {
  status: 302 | 404 | 410 | 429 | 503;
  headers: Record<string, string>;
  /** HTML page; none for 302. */
  body?: string;
}

/** Never cached anywhere: a cached redirect is a click nobody records. */
const NO_STORE = { 'cache-control': 'private, max-age=0', 'x-robots-tag': 'noindex' };
const HTML = { ...NO_STORE, 'content-type': 'text/html; charset=utf-8' };
/** The short URL identifies a recipient: keep it out of the destination's Referer. */
const REDIRECT_HEADERS = { ...NO_STORE, 'referrer-policy': 'no-referrer' };

/**
 * GET /{code}: resolve (memory, Redis, PostgreSQL), record the click in the
 * click stream, then answer. Clicks on expired and disabled links are
 * recorded too, with their outcome: the tap happened.
 */
@Injectable()
export class RedirectService {
  private readonly logger = new Logger(RedirectService.name);

  constructor(
    private readonly links: LinkCache,
    private readonly clicks: ClickCaptureService,
    private readonly notFound: NotFoundLimiter,
    private readonly metrics: MetricsService,
  ) {}

  async answer(request: ShortLinkRequest): Promise<ShortLinkResponse> {
    const source: ClickSource = request.scanMarker === 'qr' ? 'qr' : 'link';
    const response = await this.decide(request, source);
    this.metrics.redirects.inc({ status: String(response.status), source });
    return response;
  }

  private async decide(request: ShortLinkRequest, source: ClickSource): Promise<ShortLinkResponse> {
    let target: LinkTarget | null = null;
    if (isShortCode(request.code)) {
      try {
        target = await this.links.resolve(request.code);
      } catch (error) {
        this.logger.error(`Cannot resolve short code: ${(error as Error).message}`);
        return { status: 503, headers: { ...HTML, 'retry-after': '5' }, body: UNAVAILABLE_PAGE };
      }
    }
    const decision = redirectDecision(target, Date.now());
    if (target && decision.outcome) await this.capture(target, request, source, decision.outcome);
    switch (decision.status) {
      case 302:
        return { status: 302, headers: { ...REDIRECT_HEADERS, location: decision.location } };
      case 410:
        return { status: 410, headers: HTML, body: EXPIRED_PAGE };
      case 404:
        return decision.outcome ? { status: 404, headers: HTML, body: NOT_FOUND_PAGE } : this.unknownCode(request.ip);
    }
  }

  private async unknownCode(ip: string): Promise<ShortLinkResponse> {
    const retryAfter = await this.notFound.retryAfterSeconds(ip);
    if (retryAfter > 0) return { status: 429, headers: { ...HTML, 'retry-after': String(retryAfter) }, body: TOO_MANY_PAGE };
    return { status: 404, headers: HTML, body: NOT_FOUND_PAGE };
  }

  /**
   * Written before the answer goes out. If Redis refuses it the person is
   * still redirected (they came for the page, not for our statistics) and the
   * loss is counted in smslinks_click_capture_failures_total.
   */
  private async capture(target: LinkTarget, request: ShortLinkRequest, source: ClickSource, outcome: 'redirected' | 'expired' | 'disabled'): Promise<void> {
    try {
      await this.clicks.record({
        id: uuidv7(),
        code: target.code,
        accountId: target.accountId,
        campaignId: target.campaignId,
        messageId: target.messageId,
        occurredAtMs: Date.now(),
        method: request.method,
        source,
        outcome,
        ip: request.ip || null,
        userAgent: request.userAgent?.slice(0, ClickTextLimits.userAgent) ?? null,
        referrer: request.referrer?.slice(0, ClickTextLimits.referrer) ?? null,
        acceptLanguage: request.acceptLanguage?.slice(0, ClickTextLimits.acceptLanguage) ?? null,
      });
    } catch (error) {
      this.metrics.clickCaptureFailures.inc();
      this.logger.error(`Click on ${target.code} not captured: ${(error as Error).message}`);
    }
  }
}

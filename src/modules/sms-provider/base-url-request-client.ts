import twilio from 'twilio';
import { rewriteTwilioUri } from './twilio-base-url.js';

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/**
 * The SDK's own HTTP client, sending to TWILIO_API_BASE_URL when one is set
 * (the sandbox). Everything else (auth, headers, form encoding, paging) stays
 * the SDK's, so tests exercise the production code path. The base URL is read
 * per request because tests set it after the app is built.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiBaseUrl: () => string | undefined,
    options: ConstructorParameters<typeof twilio.RequestClient>[0] = {},
  ) {
    super(options);
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    return super.request<TData>({ ...opts, uri: rewriteTwilioUri(opts.uri, this.apiBaseUrl()) });
  }
}

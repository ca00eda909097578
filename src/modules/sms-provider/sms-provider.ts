/**
 * The port the send path talks to. TwilioSmsProvider implements it with the
 * official SDK (pointed at the sandbox when TWILIO_API_BASE_URL is set).
 */
export const SMS_PROVIDER = Symbol('SMS_PROVIDER');

/**
 * A provider call gives up after this long. Reconciliation must wait well
 * beyond it: a message left in `sending` for less may still be in flight.
 */
export const PROVIDER_REQUEST_TIMEOUT_MS = 15_000;

export interface OutboundSms {
  to: string;
  /** E.164 number, or a Messaging Service SID (MG...). */
  sender: string;
  body: string;
  statusCallback: string;
}

export interface AcceptedSms {
  sid: string;
  /** Provider status at acceptance, e.g. queued or accepted. */
  status: string;
  /** When the API call that returned the sid came back. */
  acceptedAt: Date;
}

export interface ProviderMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  dateCreated: Date;
}

export interface SmsProvider {
  /** Hands one SMS to the provider. Throws SmsProviderError. */
  send(sms: OutboundSms): Promise<AcceptedSms>;
  /** Messages the provider holds for this recipient from this sender since a time (crash reconciliation). */
  findRecent(query: { to: string; sender: string; since: Date }): Promise<ProviderMessage[]>;
  /** Checks a webhook's X-Twilio-Signature against the full public URL and form parameters. */
  isValidSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean;
}

export class SmsProviderError extends Error {
  constructor(
    message: string,
    /** Provider error code (Twilio's numeric codes, e.g. 21211), when known. */
    readonly code: number | undefined,
    /** HTTP status of the provider's answer; undefined for network errors. */
    readonly httpStatus: number | undefined,
    /** True for 429, 5xx, 20429 and network failures: try again later. */
    readonly retryable: boolean,
    /**
     * True when the request may have reached Twilio even though no answer came
     * back (connection reset or timeout after sending, gateway errors): the
     * message may exist there, so reconcile (findRecent) before sending again.
     */
    readonly mayHaveBeenAccepted = false,
  ) {
    super(message);
    this.name = 'SmsProviderError';
  }
}

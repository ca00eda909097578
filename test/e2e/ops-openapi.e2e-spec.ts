/**
 * /docs/json describes every /v1 route of api.md with its request and
 * response DTOs and the shared error body, so clients can be generated from it.
 */
import { createTestApp, TestApp } from '../utils/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('openapi', { APP_ROLE: 'api' });
  });
  afterAll(() => t.close());

  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const routes: [string, string, string | null, string, string][] = [
    ['post', '/v1/recipients', 'UpsertRecipientsDto', '200', 'UpsertRecipientsResultDto'],
    ['post', '/v1/recipients/import', null, '200', 'UpsertRecipientsResultDto'],
    ['get', '/v1/recipients/{phone}', null, '200', 'RecipientDetailsDto'],
    ['post', '/v1/campaigns', 'CreateCampaignDto', '201', 'CampaignView'],
    ['post', '/v1/campaigns/preview', 'CreateCampaignDto', '200', 'CampaignPreviewView'],
    ['get', '/v1/campaigns/{id}', null, '200', 'CampaignView'],
    ['post', '/v1/campaigns/{id}/launch', null, '202', 'CampaignView'],
    ['post', '/v1/campaigns/{id}/cancel', null, '200', 'CampaignView'],
    ['get', '/v1/links/{code}', null, '200', 'LinkView'],
    ['post', '/v1/webhook-endpoints', 'CreateWebhookEndpointDto', '201', 'WebhookEndpointWithSecretView'],
    ['get', '/v1/webhook-endpoints/{id}', null, '200', 'WebhookEndpointView'],
    ['patch', '/v1/webhook-endpoints/{id}', 'UpdateWebhookEndpointDto', '200', 'WebhookEndpointView'],
    ['post', '/v1/webhook-endpoints/{id}/rotate-secret', null, '200', 'WebhookEndpointWithSecretView'],
    ['post', '/v1/webhook-endpoints/{id}/test', null, '202', 'WebhookDeliveryView'],
    ['get', '/v1/webhook-endpoints/{id}/deliveries', null, '200', 'WebhookDeliveryPageView'],
    ['post', '/v1/webhook-deliveries/{id}/retry', null, '202', 'WebhookDeliveryView'],
    ['get', '/v1/webhook-deliveries/{id}', null, '200', 'WebhookDeliveryDetailView'],
  ];
  let document: Json;
  beforeAll(async () => {
    document = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as Json;
  });

  it.each(routes)('describes %s %s with its DTOs and the error body', (method, path, request, status, response) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    if (request) expect(operation.requestBody.content['application/json'].schema).toEqual(ref(request));
    expect(operation.responses[status].content['application/json'].schema).toEqual(ref(response));
    for (const error of ['400', '401']) {
      expect(operation.responses[error].content['application/json'].schema).toEqual(ref('ApiErrorDto'));
    }
    expect(operation.security).toEqual([{ bearer: [] }]);
  });

  it('describes the short-link redirect, which Nest cannot see, and the QR code endpoint', () => {
    expect(Object.keys(document.paths['/{code}'].get.responses)).toEqual(['302', '404', '410', '429', '503']);
    expect(document.paths['/v1/links/{code}/qr'].get.parameters.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['code', 'format', 'size']));
    for (const action of ['disable', 'enable']) {
      const operation = document.paths[`/v1/links/{code}/${action}`].post;
      expect(operation.responses['200'].content['application/json'].schema).toEqual(ref('LinkView'));
      expect(operation.responses['404'].content['application/json'].schema).toEqual(ref('ApiErrorDto'));
    }
  });

  it('gives every nullable field its real type, not an empty object', () => {
    for (const [name, schema] of Object.entries(document.components.schemas as Record<string, Json>)) {
      for (const [property, definition] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
        const untyped = definition.type === 'object' && !definition.properties && !definition.additionalProperties && !definition.allOf;
        expect(untyped ? `${name}.${property}` : 'typed').toBe('typed');
      }
    }
    expect(document.components.schemas.CampaignView.properties.scheduledAt).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
  });

  it('documents 403 with the error body on the Twilio webhooks', () => {
    for (const path of ['/webhooks/twilio/status', '/webhooks/twilio/inbound']) {
      expect(document.paths[path].post.responses['403'].content['application/json'].schema).toEqual(ref('ApiErrorDto'));
    }
  });
});

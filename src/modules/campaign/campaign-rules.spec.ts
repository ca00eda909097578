import { DomainError } from '../../common/domain-error.js';
import { assertValidCampaign, CampaignDefinition } from './campaign-rules.js';

function problem(definition: CampaignDefinition): { field?: string; message: string; code: string } | null {
  try {
    assertValidCampaign(definition);
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { field: error.field, message: error.message, code: error.code };
  }
}

const ok = { key: 'A', body: 'Sale at https://shop.example.com/a?x=1 now' };

describe('assertValidCampaign', () => {
  it('accepts a sound definition', () => {
    expect(problem({ variants: [ok, { key: 'B', body: 'No link' }], controlVariant: 'B', quietHours: { start: '08:00', end: '21:00' } })).toBeNull();
  });

  it('names the duplicate variant key', () => {
    expect(problem({ variants: [ok, { key: 'A', body: 'x' }] })).toMatchObject({ field: 'variants.1.key', code: 'duplicate_variant_key' });
  });

  it('names the body and the URL for credentials', () => {
    const found = problem({ variants: [ok, { key: 'B', body: 'Go https://u:p@x.com/a now' }] });
    expect(found).toMatchObject({ field: 'variants.1.body', code: 'invalid_link' });
    expect(found!.message).toContain('https://u:p@x.com/a');
  });

  it('refuses ftp:// in a body', () => {
    expect(problem({ variants: [{ key: 'A', body: 'ftp://files.example.com/x' }] })).toMatchObject({ field: 'variants.0.body' });
  });

  it('refuses an unknown controlVariant', () => {
    expect(problem({ variants: [ok], controlVariant: 'Z' })).toMatchObject({ field: 'controlVariant', code: 'unknown_control_variant' });
  });

  it('refuses an empty quiet-hours window and a fallback URL with credentials', () => {
    expect(problem({ variants: [ok], quietHours: { start: '09:00', end: '09:00' } })).toMatchObject({ field: 'quietHours' });
    expect(problem({ variants: [ok], fallbackUrl: 'https://a:b@x.com' })).toMatchObject({ field: 'fallbackUrl' });
  });
});

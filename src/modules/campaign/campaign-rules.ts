import { InvalidInputError } from '../../common/domain-error.js';
import { destinationProblem, findUrls } from '../link/call-to-action.js';
import { assertWindowNotEmpty } from '../send/quiet-hours.js';

/** The parts of a campaign definition whose rules go beyond one field's shape. */
export interface CampaignDefinition {
  variants: { key: string; body: string }[];
  controlVariant?: string;
  quietHours?: { start: string; end: string } | null;
  fallbackUrl?: string;
}

/**
 * Cross-field rules, checked after the DTO's per-field validation. Throws an
 * InvalidInputError naming the field (e.g. `variants.1.body`) at the first problem.
 */
export function assertValidCampaign(definition: CampaignDefinition): void {
  const seen = new Map<string, number>();
  definition.variants.forEach((variant, index) => {
    const first = seen.get(variant.key);
    if (first !== undefined) {
      throw new InvalidInputError(`variants.${index}.key`, `duplicate key "${variant.key}" (also variants.${first}.key)`, 'duplicate_variant_key');
    }
    seen.set(variant.key, index);
    for (const { url } of findUrls(variant.body)) {
      const problem = destinationProblem(url);
      if (problem) throw new InvalidInputError(`variants.${index}.body`, problem, 'invalid_link');
    }
  });
  if (definition.controlVariant !== undefined && !seen.has(definition.controlVariant)) {
    throw new InvalidInputError(
      'controlVariant',
      `"${definition.controlVariant}" is not one of the variant keys (${[...seen.keys()].join(', ')})`,
      'unknown_control_variant',
    );
  }
  assertWindowNotEmpty('quietHours', definition.quietHours);
  if (definition.fallbackUrl !== undefined) {
    const problem = destinationProblem(definition.fallbackUrl);
    if (problem) throw new InvalidInputError('fallbackUrl', problem, 'invalid_link');
  }
}

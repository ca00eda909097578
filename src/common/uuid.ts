const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical UUID: anything else must not reach a `::uuid` cast, where it would be a 500. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

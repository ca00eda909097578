/** Only region names (America/New_York, UTC, Etc/GMT+5), not raw offsets such as +05:00. */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

const canonicalByName = new Map<string, string | null>();

/**
 * The canonical IANA name for `name` ("america/new_york" -> "America/New_York"),
 * or null when the runtime's time zone database does not know it. Cached: an
 * import repeats the same handful of zones thousands of times.
 */
export function canonicalTimeZone(name: string): string | null {
  const cached = canonicalByName.get(name);
  if (cached !== undefined) return cached;
  let canonical: string | null = null;
  if (IANA_NAME.test(name)) {
    try {
      canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      canonical = null;
    }
  }
  if (canonicalByName.size < 10_000) canonicalByName.set(name, canonical);
  return canonical;
}

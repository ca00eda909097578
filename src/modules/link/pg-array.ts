/**
 * Used by the set-based inserts of links and of the campaign launch.
 *
 * PostgreSQL array literal (`{"a","b",NULL}`) built once, passed as a single
 * text parameter and cast in SQL (`$1::text[]`). Handing Prisma a JS array of
 * 10,000 values makes it inspect and re-serialise every element; one string
 * costs it nothing. Elements are always double-quoted, so commas, braces,
 * spaces and the word NULL inside values are safe; `\` and `"` are escaped.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    if (value === null) out += 'NULL';
    else if (typeof value === 'number') out += String(value);
    else out += `"${value.replace(/[\\"]/g, '\\$&')}"`;
  }
  return `${out}}`;
}

import { ValidateBy, ValidationOptions } from 'class-validator';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * PostgreSQL refuses U+0000 in text and jsonb, and jsonb refuses the escape of
 * a lone UTF-16 surrogate; both are valid JSON, so without this check they
 * reach the database and come back as a 500. Everything else (emoji,
 * combining marks, any script) is stored as sent.
 */
export function unstorableTextProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL (U+0000) characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it holds a lone UTF-16 surrogate)';
  return undefined;
}

/**
 * For text we must accept rather than refuse (provider webhooks: a refusal is
 * retried and a STOP could be lost): NULs dropped, lone surrogates replaced.
 */
export function toStorableText(value: string): string {
  return value.replaceAll('\u0000', '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/** class-validator rule for DTO strings (with `{ each: true }` for arrays of strings). */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || unstorableTextProblem(value) === undefined,
        defaultMessage: (args) => {
          const value = args?.value;
          const bad = Array.isArray(value) ? value.find((v) => typeof v === 'string' && unstorableTextProblem(v)) : value;
          return `$property ${(typeof bad === 'string' && unstorableTextProblem(bad)) || 'must be valid text'}`;
        },
      },
    },
    options,
  );
}

import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  problem: string;
}

/** class-validator's wording for these is about its internals, not about the request. */
const PROBLEM_BY_CONSTRAINT: Record<string, string> = {
  whitelistValidation: 'is not a known field',
  nestedValidation: 'must be an object',
};

/**
 * One problem per field, e.g. `{ field: "variants.0.weight", problem: "must be an integer number" }`.
 * A missing or null field says so instead of listing every rule it fails;
 * otherwise the first rule declared on the property (its type check) wins,
 * which class-validator reports last.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = ownProblem(error);
    return [...(own ? [{ field, problem: own }] : []), ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function ownProblem(error: ValidationError): string | undefined {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return undefined;
  if (error.constraints?.whitelistValidation) return PROBLEM_BY_CONSTRAINT.whitelistValidation;
  if (error.value === undefined) return 'is required';
  if (error.value === null) return 'must not be null';
  const [name, message] = constraints[constraints.length - 1];
  return PROBLEM_BY_CONSTRAINT[name] ?? withoutSubject(message, error.property);
}

/** "weight must be an integer number" -> "must be an integer number"; the field path is prefixed instead. */
function withoutSubject(message: string, property: string): string {
  for (const prefix of [`${property}: `, `${property} `]) {
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}

export function validationException(problems: FieldProblem[]): BadRequestException {
  // code and field as a DomainError has them (field: the first one at fault), so clients read every 400 alike.
  return new BadRequestException({
    message: problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
    code: 'invalid_input',
    field: problems[0]?.field,
    errors: problems,
  });
}

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Global pipe: unknown fields are refused and every message names its field.
 * A DTO body must be a JSON object: an array, a string or nothing would
 * otherwise be read as "every field is missing" (or "property 0 should not exist").
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && !isPlainObject(value)) {
      const got = value === undefined ? 'nothing' : Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      throw validationException([{ field: 'body', problem: `must be a JSON object, got ${got}` }]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationException(flattenValidationErrors(errors)),
  });
}

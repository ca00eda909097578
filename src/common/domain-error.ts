/**
 * What went wrong, independent of HTTP. Features throw DomainError (or a
 * subclass with their own codes); HttpErrorFilter is the one place that maps
 * kinds to status codes.
 */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unauthorized' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable machine-readable code, e.g. campaign_not_found. */
    readonly code: string,
    message: string,
    /** The request field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what.toLowerCase()}_not_found`, `${what} ${id} not found`);
  }
}

export class InvalidInputError extends DomainError {
  constructor(field: string, problem: string, code = 'invalid_input') {
    super('invalid', code, `${field}: ${problem}`, field);
  }
}

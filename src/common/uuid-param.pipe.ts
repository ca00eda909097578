import { PipeTransform } from '@nestjs/common';
import { isUuid } from './uuid.js';
import { validationException } from './validation.js';


/**
 * `@Param('id', new UuidParam('id'))`: a path id that is not a UUID is a 400
 * naming the parameter. It could never exist, so the caller has a typo to fix
 * rather than a missing resource; and it must not reach a `::uuid` cast (500).
 * A well-formed id of another account stays a 404.
 */
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!isUuid(value)) throw validationException([{ field: this.name, problem: 'must be a UUID' }]);
    return value;
  }
}

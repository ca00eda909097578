import { Injectable } from '@nestjs/common';
import { generateShortCodes, SHORT_CODE_LENGTH } from './short-code.js';

/**
 * Injectable source of short codes: the seam tests use to force a collision
 * and check that launch regenerates the code instead of failing.
 */
@Injectable()
export class ShortCodeGenerator {
  readonly length = SHORT_CODE_LENGTH;

  generate(count: number): string[] {
    return generateShortCodes(count, this.length);
  }
}

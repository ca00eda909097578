import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'variants.0.weight' }) field!: string;
  @ApiProperty({ example: 'must be an integer number' }) problem!: string;
}

/** Every error answer of the API (see HttpErrorFilter): `{ statusCode, error, message }` plus optional detail. */
export class ApiErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'variants.0.weight: must be an integer number', description: 'Names the field at fault and the problem' })
  message!: string;
  @ApiPropertyOptional({ example: 'invalid_input', description: 'Stable machine-readable code, when there is one' }) code?: string;
  @ApiPropertyOptional({ example: 'variants.0.weight', description: 'The request field at fault, when there is one' }) field?: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'Every problem found by validation' }) errors?: FieldProblemDto[];
  @ApiPropertyOptional({ description: 'On a 500 only: quote it when reporting the error' }) correlationId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `message` names the field and the problem',
  401: 'Missing, malformed or revoked API key',
  403: 'Forbidden',
  404: "Not found in this account (another account's ids are 404 too)",
  409: 'Conflicts with the current state',
  413: 'Request body over the size limit',
  415: 'Wrong Content-Type',
  503: 'Temporarily unavailable; retry shortly',
};

/** Documents error answers with the shared error body, e.g. `@ApiErrors(400, 401, 404)`. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ApiErrorDto })));
}

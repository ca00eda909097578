import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A strictly ascending list of numbers. */
export function IsAscending(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAscending',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every((v, i) => i === 0 || (v as number) > (value[i - 1] as number)),
      },
    },
    options,
  );
}

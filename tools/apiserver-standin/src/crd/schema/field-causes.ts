/**
 * kube-openapi validation errors as the 422's causes, the way apiextensions'
 * `kubeOpenAPIResultToFieldErrors` converts them: `Required value`, `Unsupported value: ...`,
 * `Too long: ...`, `Too many: ...`, and `Invalid value: <value>: <kube-openapi message>` for
 * the rest. Composite errors (anyOf/oneOf/allOf/not) are reported at the nil path.
 */

import type { StatusCause } from '../../errors.js';
import {
  child,
  invalidValue,
  notSupported,
  required,
  tooLong,
  tooMany,
  typeInvalid,
} from '../field-errors.js';
import type { OpenApiError } from './openapi-validate.js';

function errorPath(name: string): string | undefined {
  return name !== '' && name !== '.' ? child(undefined, name.replace(/^\./, '')) : undefined;
}

function enumValueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One kube-openapi error as a StatusCause. */
export function causeOf(e: OpenApiError): StatusCause {
  const path = errorPath(e.name);
  switch (e.code) {
    case 'required':
      return required(path);
    case 'enum':
      return notSupported(path, e.value, (e.values ?? []).map(enumValueText));
    case 'tooLong':
      return tooLong(path, e.valid ?? -1);
    case 'maxItems':
    case 'tooManyProperties':
      return tooMany(path, typeof e.value === 'number' ? e.value : -1, e.valid ?? -1);
    case 'type':
      return typeInvalid(path, e.value ?? '', e.message);
    case 'composite':
      return invalidValue(undefined, '', e.message);
    default:
      return invalidValue(path, e.value ?? '', e.message);
  }
}

/**
 * CustomResourceDefinitions: what a CRD makes the server serve (`resourceTypesOfCrd`), whether
 * the apiserver would accept it (`validateCrd`), the status its controllers give it
 * (`crdStatus`), and what happens to a custom resource on its way into storage
 * (`checkCustomObject`: strict unknown-field checks, pruning, defaulting, schema validation).
 *
 * Layout: crd-spec.ts reads a CRD and applies its API defaults; validate-crd*.ts and
 * validate-conversion.ts check one; resource-types.ts and crd-status.ts derive from one;
 * check-custom-object.ts drives schema/ (prune, default, openapi-validate, list-type,
 * formats) for a custom resource. field-errors.ts, go-format.ts and name-rules.ts reproduce
 * apimachinery's messages.
 */

export {
  type CheckOptions,
  checkCustomObject,
  type FieldValidation,
} from './check-custom-object.js';
export { type CrdNames, type CrdSpec, type CrdVersion, crdSpecOf, defaultCrd } from './crd-spec.js';
export { type CrdStatusOptions, crdStatus, isEstablished } from './crd-status.js';
export {
  CUSTOM_RESOURCE_VERBS,
  DEFAULT_CUSTOM_COLUMNS,
  resourceTypesOfCrd,
} from './resource-types.js';
export { validateCrd } from './validate-crd.js';

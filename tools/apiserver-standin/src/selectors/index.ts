/**
 * Label and field selectors, as the real API server parses and matches them. Pure: no I/O, no
 * store. `rest/` compiles a selector once per list or watch and matches it per object.
 */
export {
  EVERYTHING_FIELDS,
  escapeFieldValue,
  type FieldOperator,
  type FieldRequirement,
  type FieldSelector,
  formatFieldSelector,
  matchesFields,
  parseFieldSelector,
  unescapeFieldValue,
} from './field-selector.js';
export {
  EVERYTHING_LABELS,
  formatLabelSelector,
  formatRequirement,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelector,
  matchesLabels,
  parseLabelSelector,
  requirementMatches,
} from './label-selector.js';
export {
  dns1123SubdomainErrors,
  labelValueErrors,
  qualifiedNameErrors,
} from './label-validation.js';
export { compileFieldSelector, fieldSetOf, supportedFieldLabels } from './object-fields.js';

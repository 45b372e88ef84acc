/**
 * meta.k8s.io Table output for `kubectl get`: table.ts picks a layout per resource type and
 * builds Tables and Table watch events; printers-*.ts hold kube's layouts of the built-in
 * kinds; custom-columns.ts evaluates CRD printer columns with jsonpath.ts; human-duration.ts
 * prints ages as kubectl does.
 */

export type { ColumnDefinition } from './columns.js';
export { humanDuration } from './human-duration.js';
export { findResults } from './jsonpath.js';
export {
  type IncludeObject,
  layoutOf,
  type TableOptions,
  type TableWatchEvent,
  toTable,
  toTableEvent,
} from './table.js';

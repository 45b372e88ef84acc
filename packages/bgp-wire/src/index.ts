export type { BgpErrorCode, ErrorAction } from './codec/errors.js';
export {
  BgpEncodeError,
  BgpError,
  BgpMessageError,
  isStrongerAction,
  strongerError,
} from './codec/errors.js';

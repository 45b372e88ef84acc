/**
 * What the responder reports as it runs: typed events (STYLE.md §9: libraries pick no logger).
 * Fixed camelCase keys; `event` names the kind. The CLI prints them as JSON lines.
 */
import type { RefusalReason } from './interface-check.js';

/** One responder event. */
export type ResponderEvent =
  | { event: 'started'; interface: string; mac: string; linkLocal: string }
  | { event: 'refused'; interface: string; reason: RefusalReason; message: string }
  | { event: 'announced'; interface: string; ip: string; frames: number }
  | { event: 'answered'; interface: string; ip: string; protocol: 'arp' | 'ndp'; requester: string }
  | { event: 'error'; interface: string; code: string; message: string }
  | { event: 'stopped' };

/** Receives events; must not throw (a throw is swallowed so frame handling goes on). */
export type ResponderEventHandler = (event: ResponderEvent) => void;

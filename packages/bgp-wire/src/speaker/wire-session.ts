/**
 * One session's events, turned into the speaker's (with the peer's address) and into metric
 * hooks.
 */

import type { NotificationMessage } from '../codec/types.js';
import type { FsmReason } from '../fsm/state.js';
import type { AdjRibOut } from '../session/adj-rib-out.js';
import type { Logger } from '../session/logger.js';
import type { BgpSession } from '../session/session.js';
import type { SpeakerMetrics } from './metrics.js';
import type { BgpSpeakerEvents } from './speaker-types.js';

/** Where a session's events go. */
export interface SessionSinks {
  readonly emit: <K extends keyof BgpSpeakerEvents>(name: K, ...args: BgpSpeakerEvents[K]) => void;
  readonly metrics: SpeakerMetrics | undefined;
  readonly logger: Logger;
  readonly describe: (n: NotificationMessage) => string;
}

function notificationOf(reason: FsmReason): NotificationMessage | undefined {
  return reason.notificationSent ?? reason.notificationReceived;
}

/** Subscribes the speaker to `session`. */
export function wireSession(
  session: BgpSession,
  peer: string,
  ribOut: AdjRibOut,
  sinks: SessionSinks,
): void {
  const { emit, metrics, logger } = sinks;
  const gauges = () => metrics?.prefixes(peer, ribOut.size, ribOut.pendingCount);
  session.on('state', ({ from, to, reason }) => {
    emit('state', { peer, state: to, prevState: from, reason: reason.type });
  });
  session.on('established', (e) => {
    logger.info({ event: 'established', localAddress: e.localAddress }, 'session established');
    metrics?.sessionUp(peer, true);
    gauges();
    const { negotiated, localAddress } = e;
    emit('established', { peer, peerAs: negotiated.peerAs, localAddress, negotiated });
  });
  session.on('down', ({ reason, error }) => {
    const notification = notificationOf(reason);
    logger.info({ event: 'down', reason: reason.type, err: error }, 'session down');
    metrics?.sessionUp(peer, false);
    emit('down', { peer, reason: reason.type, notification, error });
  });
  session.on('update', (update) => emit('update', { peer, update }));
  session.on('updateError', (err) =>
    logger.warn({ event: 'updateError', err }, 'UPDATE unusable; session kept (RFC 7606)'),
  );
  session.on('notification', ({ direction, notification }) => {
    const description = sinks.describe(notification);
    logger.info({ event: 'notification', direction, description }, 'notification');
    emit('notification', { peer, direction, notification, description });
  });
  session.on('routeRefresh', ({ afi, safi, subtype }) =>
    emit('routeRefresh', { peer, afi, safi, subtype }),
  );
  session.on('counted', (direction, type, count) => {
    if (direction === 'sent') {
      metrics?.messagesSent(peer, type, count);
      if (type === 'update') gauges();
    } else metrics?.messagesReceived(peer, type, count);
  });
  session.on('failed', (error) => {
    logger.error({ event: 'peerError', err: error }, 'peer cannot run');
    emit('peerError', { peer, error });
  });
}

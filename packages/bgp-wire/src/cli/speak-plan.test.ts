import { describe, expect, it } from 'vitest';
import { speakConfigFrom } from './speak-config.js';
import { diffPlans, peerOptionsFrom, planFrom } from './speak-plan.js';

const PEER = { address: '192.0.2.1', peerAS: 64512 };

function plan(extra: Record<string, unknown>) {
  const { config, problems } = speakConfigFrom(
    { localAS: 64513, routerId: '192.0.2.11', peers: [PEER], ...extra },
    '/',
  );
  if (!config) throw new Error(problems.join('; '));
  return planFrom(config, []);
}

describe('peerOptionsFrom', () => {
  it('gives every peer the speaker-wide graceful restart settings (RFC 4724), N bit off unless asked', () => {
    expect(
      peerOptionsFrom(PEER, { restartTime: 90, restarting: true, forwardingPreserved: true }),
    ).toMatchObject({
      address: '192.0.2.1',
      peerAs: 64512,
      gracefulRestart: {
        restartTimeSec: 90,
        restarting: true,
        forwardingPreserved: true,
        notification: false,
      },
    });
    expect(peerOptionsFrom(PEER, { restartTime: 0, notification: false }).gracefulRestart).toEqual({
      restartTimeSec: 0,
      notification: false,
    });
    expect(peerOptionsFrom(PEER).gracefulRestart).toBeUndefined();
  });
});

describe('diffPlans', () => {
  it('re-configures peers when gracefulRestart changes, and only then', () => {
    const before = plan({ gracefulRestart: { restartTime: 60 } });
    expect(diffPlans(before, plan({ gracefulRestart: { restartTime: 60 } })).changePeers).toEqual(
      [],
    );
    const after = plan({ gracefulRestart: { restartTime: 60, restarting: true } });
    expect(diffPlans(before, after).changePeers.map((p) => p.gracefulRestart)).toEqual([
      { restartTimeSec: 60, restarting: true, notification: false },
    ]);
  });

  it('withdraws every prefix when the new plan has none, and only the missing ones otherwise', () => {
    const config = (routes: string[]) => ({
      ...plan({}),
      routes: new Map(routes.map((prefix) => [prefix, { prefix }])),
    });
    const before = config(['192.0.2.1/32', '192.0.2.2/32', '192.0.2.3/32']);
    expect(diffPlans(before, config([])).withdraw).toEqual([
      '192.0.2.1/32',
      '192.0.2.2/32',
      '192.0.2.3/32',
    ]);
    expect(diffPlans(before, config(['192.0.2.2/32'])).withdraw).toEqual([
      '192.0.2.1/32',
      '192.0.2.3/32',
    ]);
  });
});

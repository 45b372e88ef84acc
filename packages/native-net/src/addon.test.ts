import { describe, expect, it } from 'vitest';
import { ADDON_PATH, createAddonLoader, isAvailable, unavailableReason } from './addon.js';
import { NativeNetError, NativeNetErrorCodes } from './errors.js';

describe('createAddonLoader', () => {
  it('says the addon is not built, and how to build it, when the file is missing', () => {
    const loader = createAddonLoader('/nonexistent/build/Release/native_net.node', 'linux');
    expect(loader.reason()).toMatch(/the addon is not built \(run `npm run build`/);
    expect(loader.reason()).toMatch(/TCP-MD5 and GTSM need it/);
    let thrown: unknown;
    try {
      loader.load();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(NativeNetError);
    expect(thrown).toMatchObject({ code: NativeNetErrorCodes.UNAVAILABLE });
  });

  it('says Linux is needed on another platform', () => {
    expect(createAddonLoader(ADDON_PATH, 'darwin').reason()).toMatch(/need Linux; this is darwin/);
  });

  it('reports a file that is not a loadable addon', () => {
    const loader = createAddonLoader(new URL(import.meta.url).pathname, 'linux');
    expect(loader.reason()).toMatch(/failed to load/);
  });
});

describe('isAvailable', () => {
  it('is true once `npm run build` has built the addon', () => {
    expect(unavailableReason()).toBeUndefined();
    expect(isAvailable()).toBe(true);
  });
});

describe('NativeNetError', () => {
  it('is recognised by its brand, as for an instance from another copy of the package', () => {
    const foreign = new Error('from another copy');
    Object.defineProperty(foreign, Symbol.for('@baremetal-lb/native-net/NativeNetError'), {
      value: true,
    });
    expect(foreign instanceof NativeNetError).toBe(true);
    expect(new Error('plain') instanceof NativeNetError).toBe(false);
  });
});

// Builds build/Release/native_net.node with node-gyp. Both the package's `install` script and
// its `build` script (the one nx runs) call this, so the addon exists after `npm ci` where npm
// runs install scripts and after `npm run build` where it does not.
//
// `--if-possible` is the install-time mode: a failed build prints why and exits 0, because most
// users of the workspace never need TCP-MD5 or GTSM and an `npm ci` should not fail for them.
// The loader (src/addon.ts) then says the addon is missing. `npm run build` stays strict.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ifPossible = process.argv.includes('--if-possible');

/** node-gyp as a JS entry point: npm's own (set in scripts), a local install, or npm's bundled copy. */
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(
      createRequire(join(packageDir, 'package.json')).resolve('node-gyp/bin/node-gyp.js'),
    );
  } catch {
    // not installed as a package: fall through to npm's bundled copy
  }
  candidates.push(
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  );
  return candidates.find((c) => c !== undefined && c !== '' && existsSync(c));
}

/**
 * Node's own headers, when the Node install ships them (Debian's nodejs and the official
 * tarballs do). Without a nodedir node-gyp downloads headers, which fails offline.
 */
function findNodeDir() {
  if (process.env.npm_config_nodedir) return undefined; // node-gyp reads it itself
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function fail(message) {
  if (ifPossible) {
    console.warn(
      `native-net: the addon was not built (${message}); TCP-MD5 and GTSM need it. ` +
        'Run `npm run build` in packages/native-net after installing g++, make and python3.',
    );
    process.exit(0);
  }
  console.error(`native-net: building the addon failed: ${message}`);
  process.exit(1);
}

if (process.platform !== 'linux') fail(`the addon is Linux-only, this is ${process.platform}`);
const nodeGyp = findNodeGyp();
if (nodeGyp === undefined) fail('node-gyp was not found (it ships with npm)');
const nodeDir = findNodeDir();
const args = [nodeGyp, 'rebuild', '--jobs=max', ...(nodeDir ? [`--nodedir=${nodeDir}`] : [])];
const result = spawnSync(process.execPath, args, { cwd: packageDir, stdio: 'inherit' });
if (result.error) fail(result.error.message);
if (result.status !== 0) fail(`node-gyp exited with ${result.status ?? result.signal}`);

/**
 * undici's connection pool and its `request` API without the rest of undici: the package's
 * index also loads fetch, WebSocket, caches and mocks, about 9 MB of RSS (measured: 19.3 MB
 * for the index, 10.5 MB for these two modules) that a controller never uses, and the
 * controller has a 150 MiB budget. These are internal paths, so undici is pinned to an exact
 * version in package.json; `undici-pool.test.ts` fails if an upgrade moves them.
 */
import { createRequire } from 'node:module';
import type { Dispatcher, Pool } from 'undici';

const require = createRequire(import.meta.url);

/** The Pool class (`undici/lib/dispatcher/pool.js`). */
export const PoolClass = require('undici/lib/dispatcher/pool.js') as typeof Pool;

const requestApi = require('undici/lib/api/api-request.js') as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/** `pool.request(options)`, as undici's index wires it onto every dispatcher. */
export function poolRequest(
  pool: Pool,
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return requestApi.call(pool, options);
}

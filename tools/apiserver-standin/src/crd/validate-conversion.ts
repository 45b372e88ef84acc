/**
 * Validation of a CRD's `spec.conversion`: strategy None or Webhook, and for Webhook a client
 * config with exactly one of `url` (https, a host, no user, query or fragment) or `service`
 * (name, namespace, valid port, path starting with '/'), plus `conversionReviewVersions`
 * naming v1 or v1beta1. Paths are the internal API's (`spec.conversion.webhookClientConfig`).
 */

import type { StatusCause } from '../errors.js';
import type { CrdSpec } from './crd-spec.js';
import {
  child,
  forbidden,
  GoLiteral,
  index,
  invalidValue,
  notSupported,
  required,
} from './field-errors.js';
import { goStringSlice } from './go-format.js';
import { isDns1035Label } from './name-rules.js';

const FORM = '; desired format: https://host[/path]';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `webhook.ValidateWebhookURL` with https required. */
export function validateWebhookUrl(path: string, raw: string): StatusCause[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (err) {
    return [required(path, `url must be a valid URL: ${(err as Error).message}${FORM}`)];
  }
  const errs: StatusCause[] = [];
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'https')
    errs.push(invalidValue(path, scheme, `'https' is the only allowed URL scheme${FORM}`));
  if (url.host === '') errs.push(invalidValue(path, url.host, `host must be specified${FORM}`));
  if (url.username !== '' || url.password !== '') {
    const user = url.password ? `${url.username}:${url.password}` : url.username;
    errs.push(invalidValue(path, user, 'user information is not permitted in the URL'));
  }
  if (url.hash.length > 1)
    errs.push(invalidValue(path, url.hash.slice(1), 'fragments are not permitted in the URL'));
  if (url.search.length > 1) {
    errs.push(
      invalidValue(path, url.search.slice(1), 'query parameters are not permitted in the URL'),
    );
  }
  return errs;
}

/** `webhook.ValidateWebhookService`. */
export function validateWebhookService(
  path: string,
  service: Record<string, unknown>,
): StatusCause[] {
  const errs: StatusCause[] = [];
  if (!service.name) errs.push(required(child(path, 'name'), 'service name is required'));
  if (!service.namespace)
    errs.push(required(child(path, 'namespace'), 'service namespace is required'));
  const port = service.port ?? 443;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    errs.push(
      invalidValue(
        child(path, 'port'),
        port,
        'port is not valid: must be between 1 and 65535, inclusive',
      ),
    );
  }
  const urlPath = typeof service.path === 'string' ? service.path : '';
  if (urlPath === '' || urlPath === '/') return errs;
  if (urlPath === '//')
    return [...errs, invalidValue(child(path, 'path'), urlPath, 'segment[0] may not be empty')];
  if (!urlPath.startsWith('/'))
    errs.push(invalidValue(child(path, 'path'), urlPath, "must start with a '/'"));
  const steps = urlPath.slice(1).replace(/\/$/, '').split('/');
  steps.forEach((step, i) => {
    if (step === '')
      errs.push(invalidValue(child(path, 'path'), urlPath, `segment[${i}] may not be empty`));
  });
  return errs;
}

function validateReviewVersions(versions: unknown, path: string): StatusCause[] {
  const list = Array.isArray(versions)
    ? versions.filter((v): v is string => typeof v === 'string')
    : [];
  if (list.length === 0) return [required(path)];
  const errs: StatusCause[] = [];
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(invalidValue(index(path, i), v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const msg of isDns1035Label(v)) errs.push(invalidValue(index(path, i), v, msg));
  });
  if (!list.includes('v1') && !list.includes('v1beta1')) {
    errs.push(
      invalidValue(
        path,
        new GoLiteral(goStringSlice(list)),
        'must include at least one of v1, v1beta1',
      ),
    );
  }
  return errs;
}

/** Every problem with `spec.conversion` (already defaulted to strategy None when absent). */
export function validateConversion(spec: CrdSpec): StatusCause[] {
  const conversion = spec.conversion;
  if (!conversion) return [];
  const strategy = typeof conversion.strategy === 'string' ? conversion.strategy : '';
  const path = 'spec.conversion';
  const errs: StatusCause[] = [];
  if (strategy === '') errs.push(required(child(path, 'strategy')));
  else if (strategy !== 'None' && strategy !== 'Webhook') {
    errs.push(notSupported(child(path, 'strategy'), strategy, ['None', 'Webhook']));
  }
  const webhook = record(conversion.webhook);
  const clientConfig = record(webhook?.clientConfig);
  const configPath = child(path, 'webhookClientConfig');
  const reviewPath = child(path, 'conversionReviewVersions');
  if (strategy !== 'Webhook') {
    const why = 'should not be set when strategy is not set to Webhook';
    if (clientConfig) errs.push(forbidden(configPath, why));
    if (
      Array.isArray(webhook?.conversionReviewVersions) &&
      webhook.conversionReviewVersions.length > 0
    ) {
      errs.push(forbidden(reviewPath, why));
    }
    return errs;
  }
  if (!clientConfig) {
    errs.push(required(configPath, 'required when strategy is set to Webhook'));
  } else {
    const url = clientConfig.url;
    const service = record(clientConfig.service);
    if ((url === undefined) === (service === undefined)) {
      errs.push(required(configPath, 'exactly one of url or service is required'));
    } else if (typeof url === 'string') {
      errs.push(...validateWebhookUrl(child(configPath, 'url'), url));
    } else if (service) {
      errs.push(...validateWebhookService(child(configPath, 'service'), service));
    }
  }
  errs.push(...validateReviewVersions(webhook?.conversionReviewVersions, reviewPath));
  return errs;
}

/**
 * A raw HTTP call for the e2e tests that need exact headers or bodies (client-node hides them).
 */

export interface Reply {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** A raw request to `baseUrl`; the body is sent as is when a string, else as JSON. */
export async function rawCall(
  baseUrl: string,
  method: string,
  path: string,
  init: { body?: unknown; contentType?: string; accept?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['Content-Type'] = init.contentType ?? 'application/json';
  if (init.accept) headers.Accept = init.accept;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: text ? JSON.parse(text) : {},
  };
}

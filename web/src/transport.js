// Sends one request. Browsers cap keepalive bodies at 64 KB in total, so keepalive is used
// only below 60 KB (the core keeps a lead's payload well under that).
const KEEPALIVE_LIMIT = 60 * 1024;

/**
 * POSTs a request as the core built it (Engine.buildPayload: body text, content type, headers,
 * timeout); resolves to {ok, status, retryAfter, body} and never rejects: a network failure or a
 * timeout is {ok:false, status:0}.
 */
export async function postJson(url, body, { timeoutMs, headers, contentType }) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...headers },
      body,
      keepalive: body.length < KEEPALIVE_LIMIT,
      credentials: 'omit',
      signal: controller.signal,
    });
    let parsed = null;
    try {
      parsed = await response.json();
    } catch {
      parsed = null;
    }
    return {
      ok: response.ok,
      status: response.status,
      retryAfter: response.headers.get('Retry-After'),
      body: parsed,
    };
  } catch (error) {
    return { ok: false, status: 0, retryAfter: null, body: null, error: String(error) };
  } finally {
    clearTimeout(timer);
  }
}

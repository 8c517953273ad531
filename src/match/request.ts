// The request the matcher evaluates: an HTTP request as Envoy's router sees it, and the connection under it.

/** One downstream connection, as filter chain matching sees it (after listener filters ran). */
export interface Connection {
  /** The original destination address (restored by the original_dst listener filter under iptables REDIRECT). */
  destinationIp: string;
  destinationPort: number;
  /** SNI, when the client speaks TLS and sends one. */
  serverName?: string;
  /** `tls` when the client speaks TLS, else `raw_buffer` (Envoy's default when no listener filter set one). */
  transportProtocol: string;
  /** ALPN values offered (TLS), or what http_inspector detected on plaintext (`http/1.1`, `h2c`). */
  applicationProtocols: readonly string[];
  sourceIp?: string;
  sourcePort?: number;
}

/** An HTTP request: the pseudo-headers plus any other headers (names lower case; a name may repeat). */
export interface HttpRequest {
  authority: string;
  /** The full :path, query string included. */
  path: string;
  method: string;
  scheme?: 'http' | 'https';
  headers: ReadonlyArray<readonly [string, string]>;
  /** Whether the downstream connection is TLS, and whether a client certificate was presented / validated. */
  tls?: { presented?: boolean; validated?: boolean };
}

export function httpRequest(init: Partial<HttpRequest> & { authority: string }): HttpRequest {
  return { path: '/', method: 'GET', headers: [], ...init };
}

/**
 * All values of a header joined with ',' (Envoy's HeaderUtility::getAllOfHeaderAsString, which header matchers use),
 * or undefined when absent. Pseudo-headers come from the request's own fields; `host` is `:authority`.
 */
export function headerValue(request: HttpRequest, name: string): string | undefined {
  const key = name.toLowerCase();
  if (key === ':authority' || key === 'host') return request.authority;
  if (key === ':path') return request.path;
  if (key === ':method') return request.method;
  if (key === ':scheme') return request.scheme ?? (request.tls ? 'https' : 'http');
  const values = request.headers.filter(([k]) => k.toLowerCase() === key).map(([, v]) => v);
  return values.length > 0 ? values.join(',') : undefined;
}

/** The path without query string and fragment (Http::PathUtil::removeQueryAndFragment). */
export function pathOnly(path: string): string {
  const cut = path.search(/[?#]/);
  return cut < 0 ? path : path.slice(0, cut);
}

/** The first value of each query parameter (Envoy's QueryParamsMulti::getFirstValue), percent-decoded when valid. */
export function queryParameters(path: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = path.indexOf('?');
  if (q < 0) return out;
  const query = path.slice(q + 1).split('#')[0] ?? '';
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// Reading access-log lines: Envoy's and Istio's default text formats, JSON logs, custom format strings, the prefixes
// log collectors add, and lines that are not access-log lines at all.
import { describe, expect, it } from 'vitest';
import { compileFormat, ENVOY_DEFAULT_FORMAT, ISTIO_DEFAULT_FORMAT, LogFormatError, parseLogLine } from '../../src/explain/log-format.js';
import { parseResponseFlags } from '../../src/explain/flags.js';

// The line issue 19 quotes (Istio's default format).
const ISTIO_LINE =
  '[2026-11-30T10:02:11.512Z] "GET /api/v1/items HTTP/1.1" 503 NC cluster_not_found - "-" 0 91 0 - "-" "curl/8.5" "b1c" "reviews:9080" "-" - - 10.96.1.20:9080 10.244.0.12:51234 - default';
const ENVOY_LINE = '[2026-11-30T10:02:11.512Z] "POST /login?next=%2F HTTP/2" 404 NR 12 0 1 - "10.0.0.9" "Mozilla/5.0 (X11; Linux)" "7f1e" "shop.example.com" "-"';

describe('parseLogLine', () => {
  it("reads Istio's default format, '-' as absent", () => {
    expect(parseLogLine(ISTIO_LINE, 1)).toEqual({
      lineNumber: 1,
      raw: ISTIO_LINE,
      format: 'istio',
      startTime: '2026-11-30T10:02:11.512Z',
      method: 'GET',
      path: '/api/v1/items',
      protocol: 'HTTP/1.1',
      responseCode: 503,
      responseFlags: 'NC',
      responseCodeDetails: 'cluster_not_found',
      authority: 'reviews:9080',
      downstreamLocalAddress: '10.96.1.20:9080',
      downstreamRemoteAddress: '10.244.0.12:51234',
      routeName: 'default',
    });
  });

  it("reads Envoy's default format, a user agent with spaces and a query string included", () => {
    const e = parseLogLine(ENVOY_LINE, 7);
    expect(e).toMatchObject({ format: 'envoy', lineNumber: 7, method: 'POST', path: '/login?next=%2F', protocol: 'HTTP/2', responseCode: 404, responseFlags: 'NR', authority: 'shop.example.com' });
    expect(e?.upstreamHost).toBeUndefined();
  });

  it('reads JSON access logs by their usual keys (Istio JSON, Envoy Gateway)', () => {
    const istio = parseLogLine('{"method":"GET","path":"/r","response_code":503,"response_flags":"UH","authority":"ratings:9080","upstream_cluster":"outbound|9080||ratings.default.svc.cluster.local","downstream_local_address":"10.96.0.4:9080"}', 3);
    expect(istio).toMatchObject({ format: 'json', responseCode: 503, responseFlags: 'UH', authority: 'ratings:9080', upstreamCluster: 'outbound|9080||ratings.default.svc.cluster.local', downstreamLocalAddress: '10.96.0.4:9080' });
    const eg = parseLogLine('{":authority":"www.example.com","method":"GET","x-envoy-origin-path":"/","response_code":"404","response_flags":"NR","route_name":null,"upstream_cluster":null}', 1);
    expect(eg).toMatchObject({ authority: 'www.example.com', path: '/', responseCode: 404, responseFlags: 'NR' });
    expect(eg?.routeName).toBeUndefined();
  });

  it('strips the prefixes of kubectl logs --prefix and of CRI log files', () => {
    expect(parseLogLine(`[pod/productpage-v1-7d4b9c/istio-proxy] ${ISTIO_LINE}`, 1)?.responseFlags).toBe('NC');
    expect(parseLogLine(`2026-11-30T10:02:11.600000000Z stdout F ${ISTIO_LINE}`, 1)?.responseFlags).toBe('NC');
  });

  it('gives undefined for lines no format reads (agent logs, broken JSON)', () => {
    expect(parseLogLine('2026-11-30T10:02:14.000Z\tinfo\txdsproxy\tconnected to upstream XDS server', 1)).toBeUndefined();
    expect(parseLogLine('{"method": "GET"', 1)).toBeUndefined();
    expect(parseLogLine('[2026-11-30] "GET / HTTP/1.1" 200', 1)).toBeUndefined();
  });
});

describe('compileFormat', () => {
  it('reads a custom format string, length suffixes and %% included', () => {
    const f = compileFormat('%START_TIME% %RESPONSE_CODE% %RESPONSE_FLAGS% 100%% %REQ(:AUTHORITY):40% %REQ(:PATH)% -> %UPSTREAM_CLUSTER% via %DOWNSTREAM_LOCAL_ADDRESS%\n');
    expect(f.parse('2026-11-30T10:00:00Z 503 UO 100% api:8080 /v1 -> outbound|8080||api.default.svc.cluster.local via 10.96.3.3:8080', 1)).toMatchObject({
      responseCode: 503,
      responseFlags: 'UO',
      authority: 'api:8080',
      path: '/v1',
      upstreamCluster: 'outbound|8080||api.default.svc.cluster.local',
      downstreamLocalAddress: '10.96.3.3:8080',
    });
    expect(f.parse('not this', 1)).toBeUndefined();
  });

  it('refuses a format string without command operators', () => {
    expect(() => compileFormat('just text')).toThrow(LogFormatError);
  });

  it('reads back every line it writes: values drawn at random, written with the default formats', () => {
    let seed = 42;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const token = (alphabet: string, length: number): string => Array.from({ length: 1 + random(length) }, () => alphabet[random(alphabet.length)]).join('');
    const safe = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:/-_|?=&%';
    for (const [format, name] of [[ISTIO_DEFAULT_FORMAT, 'istio'], [ENVOY_DEFAULT_FORMAT, 'envoy']] as const) {
      const compiled = compileFormat(format, name);
      for (let i = 0; i < 300; i++) {
        const values = { method: token('GETPOSTUDL', 6), path: `/${token(safe, 30)}`, code: String(100 + random(500)), flags: ['-', 'NR', 'UH,UF', 'NoHealthyUpstream'][random(4)] ?? '-', authority: token(safe.replace(/[/?=&%]/g, ''), 20), agent: `${token(safe, 10)} ${token(safe, 10)}` };
        const line = format
          .replace(/\n$/, '')
          .replace('%REQ(:METHOD)%', values.method)
          .replace('%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%', values.path)
          .replace('%RESPONSE_CODE%', values.code)
          .replace('%RESPONSE_FLAGS%', values.flags)
          .replace('%REQ(:AUTHORITY)%', values.authority)
          .replace('%REQ(USER-AGENT)%', values.agent)
          .replace(/%[A-Z_]+(\([^)]*\))?%/g, () => token('0123456789abc', 5));
        const entry = compiled.parse(line, 1);
        expect(entry, line).toBeDefined();
        expect(entry).toMatchObject({ method: values.method, path: values.path, responseCode: Number(values.code), authority: values.authority });
        expect(entry?.responseFlags ?? '-').toBe(values.flags);
      }
    }
  });
});

describe('parseResponseFlags', () => {
  it('reads short and long forms, lists, and - as none', () => {
    expect(parseResponseFlags('UH,UF')).toEqual(['UH', 'UF']);
    expect(parseResponseFlags('NoHealthyUpstream')).toEqual(['UH']);
    expect(parseResponseFlags('-')).toEqual([]);
    expect(parseResponseFlags(undefined)).toEqual([]);
    expect(parseResponseFlags('XYZ')).toEqual(['XYZ']);
  });
});

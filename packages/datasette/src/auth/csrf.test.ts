import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CsrfOptions, checkCsrf } from './csrf.js';

/** A request to http://localhost:8001/-/logout (or `url`) with the given method and headers. */
function check(
  method: string,
  headers: Record<string, string>,
  opts?: CsrfOptions,
  url = 'http://localhost:8001/-/logout',
) {
  return checkCsrf({ method, headers: new Headers(headers), url: new URL(url) }, opts);
}

const HOST = { host: 'localhost:8001' };

describe('checkCsrf: methods', () => {
  it('passes safe methods whatever the headers say', () => {
    const hostile = { ...HOST, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      assert.deepEqual(check(method, hostile), { ok: true });
    }
  });

  it('checks every unsafe method', () => {
    const hostile = { ...HOST, 'sec-fetch-site': 'cross-site' };
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'post']) {
      assert.equal(check(method, hostile).ok, false, method);
    }
  });
});

describe('checkCsrf: Sec-Fetch-Site', () => {
  it('passes same-origin and none', () => {
    assert.deepEqual(check('POST', { ...HOST, 'sec-fetch-site': 'same-origin' }), { ok: true });
    assert.deepEqual(check('POST', { ...HOST, 'sec-fetch-site': 'none' }), { ok: true });
  });

  it('refuses cross-site and same-site with a readable reason', () => {
    for (const site of ['cross-site', 'same-site']) {
      const result = check('POST', { ...HOST, 'sec-fetch-site': site });
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : '', /^Cross-site request refused: /);
    }
  });

  it('takes precedence over a matching Origin', () => {
    const headers = { ...HOST, origin: 'http://localhost:8001', 'sec-fetch-site': 'cross-site' };
    assert.equal(check('POST', headers).ok, false);
  });

  it('takes precedence over a mismatching Origin', () => {
    const headers = { ...HOST, origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' };
    assert.deepEqual(check('POST', headers), { ok: true });
  });
});

describe('checkCsrf: Origin fallback', () => {
  it('passes a request with neither Sec-Fetch-Site nor Origin (curl, scripts)', () => {
    assert.deepEqual(check('POST', HOST), { ok: true });
    assert.deepEqual(check('POST', { ...HOST, cookie: 'ds_actor=x' }), { ok: true });
  });

  it('passes an Origin equal to the request scheme and Host', () => {
    assert.deepEqual(check('POST', { ...HOST, origin: 'http://localhost:8001' }), { ok: true });
    assert.deepEqual(check('POST', { ...HOST, origin: 'HTTP://LOCALHOST:8001' }), { ok: true });
  });

  it('fills in default ports: http 80, https 443', () => {
    const http = 'http://example.com/x';
    const https = 'https://example.com/x';
    assert.equal(
      check('POST', { host: 'example.com', origin: 'http://example.com:80' }, {}, http).ok,
      true,
    );
    assert.equal(
      check('POST', { host: 'example.com:80', origin: 'http://example.com' }, {}, http).ok,
      true,
    );
    assert.equal(
      check('POST', { host: 'example.com', origin: 'https://example.com:443' }, {}, https).ok,
      true,
    );
    assert.equal(
      check('POST', { host: 'example.com:443', origin: 'https://example.com' }, {}, https).ok,
      true,
    );
  });

  it('does not treat 443 as the default port for http', () => {
    const result = check(
      'POST',
      { host: 'example.com', origin: 'http://example.com:443' },
      {},
      'http://example.com/',
    );
    assert.equal(result.ok, false);
  });

  it('refuses an Origin with a different host', () => {
    const result = check('POST', { ...HOST, origin: 'http://evil.example:8001' });
    assert.deepEqual(result, {
      ok: false,
      reason: 'Cross-site request refused: the Origin header does not match this site',
    });
  });

  it('refuses an Origin with a different port', () => {
    assert.equal(check('POST', { ...HOST, origin: 'http://localhost:8002' }).ok, false);
    assert.equal(check('POST', { ...HOST, origin: 'http://localhost' }).ok, false);
  });

  it('refuses an Origin with a different scheme', () => {
    assert.equal(check('POST', { ...HOST, origin: 'https://localhost:8001' }).ok, false);
  });

  it('refuses Origin: null and unparsable or non-origin values', () => {
    for (const origin of [
      'null',
      'not a url',
      'http://localhost:8001/path',
      'http://a@localhost:8001',
    ]) {
      const result = check('POST', { ...HOST, origin });
      assert.equal(result.ok, false, origin);
    }
  });

  it('refuses when the Host header is missing or malformed', () => {
    assert.equal(check('POST', { origin: 'http://localhost:8001' }).ok, false);
    const sneaky = { host: 'evil.example@localhost:8001', origin: 'http://localhost:8001' };
    assert.equal(check('POST', sneaky).ok, false);
  });

  it('never quotes header values in the reason', () => {
    const result = check('POST', { ...HOST, origin: 'http://<script>.example' });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.reason.includes('<script>'));
  });
});

describe('checkCsrf: forceHttps', () => {
  const url = 'http://example.com/-/logout';

  it('expects an https Origin even on a plain-http connection', () => {
    const headers = { host: 'example.com', origin: 'https://example.com' };
    assert.equal(check('POST', headers, { forceHttps: true }, url).ok, true);
    assert.equal(check('POST', headers, {}, url).ok, false);
  });

  it('then refuses the http Origin', () => {
    const headers = { host: 'example.com', origin: 'http://example.com' };
    assert.equal(check('POST', headers, { forceHttps: true }, url).ok, false);
    assert.equal(check('POST', headers, {}, url).ok, true);
  });
});

describe('checkCsrf: Bearer tokens', () => {
  const crossSite = { ...HOST, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };

  it('passes a Bearer request without a Cookie header, scheme in any case', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const headers = { ...crossSite, authorization: `${scheme} dstok_abc` };
      assert.deepEqual(check('POST', headers), { ok: true }, scheme);
    }
  });

  it('checks a Bearer request that also carries a Cookie header', () => {
    const headers = { ...crossSite, authorization: 'Bearer dstok_abc', cookie: 'ds_actor=x' };
    assert.equal(check('POST', headers).ok, false);
    const sameOrigin = { ...headers, 'sec-fetch-site': 'same-origin' };
    assert.deepEqual(check('POST', sameOrigin), { ok: true });
  });

  it('does not exempt other Authorization schemes', () => {
    assert.equal(check('POST', { ...crossSite, authorization: 'Basic dXNlcjpwYXNz' }).ok, false);
    assert.equal(check('POST', { ...crossSite, authorization: 'Bearerx abc' }).ok, false);
  });
});

describe('checkCsrf: empty headers', () => {
  it('treats an empty Sec-Fetch-Site or Origin as absent, like Datasette', () => {
    assert.deepEqual(check('POST', { ...HOST, 'sec-fetch-site': '' }), { ok: true });
    assert.deepEqual(check('POST', { ...HOST, origin: '' }), { ok: true });
    const fallsThrough = { ...HOST, 'sec-fetch-site': '', origin: 'https://evil.example' };
    assert.equal(check('POST', fallsThrough).ok, false);
  });
});

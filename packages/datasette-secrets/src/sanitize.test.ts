import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHttpUrl, sanitizeDescriptions } from './sanitize.js';

const sanitizeOne = async (d: string | undefined) => (await sanitizeDescriptions([d]))[0];

describe('sanitizeDescriptions', () => {
  const cases: Array<[string, string]> = [
    ["A key for Anthropic's API", 'A key for Anthropic&#39;s API'],
    [
      '<em>e</em> <strong>s</strong> <code>c</code> <b>b</b> <i>i</i><p>p</p><br>',
      '<em>e</em> <strong>s</strong> <code>c</code> <b>b</b> <i>i</i><p>p</p><br />',
    ],
    [
      '<a href="https://x.example/a?b=1&c=2">x</a>',
      '<a href="https://x.example/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">x</a>',
    ],
    [
      '<a href="mailto:a@b.example">m</a>',
      '<a href="mailto:a@b.example" rel="noopener noreferrer nofollow">m</a>',
    ],
    ['<a href="javascript:alert(1)">j</a>', '<a rel="noopener noreferrer nofollow">j</a>'],
    ['<a href=" JaVaScRiPt:alert(1)">j</a>', '<a rel="noopener noreferrer nofollow">j</a>'],
    [
      '<a href="data:text/html,<script>x</script>">d</a>',
      '<a rel="noopener noreferrer nofollow">d</a>',
    ],
    ['<a href="//evil.example/">p</a>', '<a rel="noopener noreferrer nofollow">p</a>'],
    [
      '<a href="https://x.example" onclick="steal()" target="_blank" style="x">a</a>',
      '<a href="https://x.example" rel="noopener noreferrer nofollow">a</a>',
    ],
    ['<img src=x onerror=alert(1)>after', 'after'],
    ['<script>alert(1)</script>after', 'after'],
    ['<svg onload=alert(1)><script>1</script></svg>', ''],
    ['<iframe src="https://x"></iframe><style>*{}</style><form><input></form>', ''],
    ['<b onmouseover="x">b</b>', '<b>b</b>'],
    ['1 < 2 & "3"', '1 &lt; 2 &amp; "3"'],
  ];
  for (const [input, output] of cases) {
    it(JSON.stringify(input), async () => assert.equal(await sanitizeOne(input), output));
  }
  it('empty and missing give the empty string', async () => {
    assert.equal(await sanitizeOne(''), '');
    assert.equal(await sanitizeOne(undefined), '');
  });
  it('shows descriptions as escaped text (and warns) when the sanitiser cannot run', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(m);
    try {
      const out = await sanitizeDescriptions(['<i>never seen before</i> & "q"', 'plain'], () =>
        Promise.reject(new Error('spawn failed')),
      );
      assert.deepEqual(out, ['&lt;i&gt;never seen before&lt;/i&gt; &amp; &#34;q&#34;', 'plain']);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /plain text/);
    } finally {
      console.warn = warn;
    }
  });
  it('sanitises a batch in order, repeated inputs included', async () => {
    const out = await sanitizeDescriptions([
      '<b>x</b>',
      'plain',
      '<script>1</script>y',
      '<b>x</b>',
    ]);
    assert.deepEqual(out, ['<b>x</b>', 'plain', 'y', '<b>x</b>']);
  });
});

describe('isHttpUrl', () => {
  it('accepts absolute http(s) URLs only', () => {
    for (const ok of ['https://platform.openai.com/api-keys', 'http://localhost:8001/x'])
      assert.ok(isHttpUrl(ok), ok);
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:x',
      'data:text/html,x',
      '//evil.example',
      '/relative',
      'ftp://x',
      '',
      5,
      undefined,
    ]) {
      assert.ok(!isHttpUrl(bad), String(bad));
    }
  });
});

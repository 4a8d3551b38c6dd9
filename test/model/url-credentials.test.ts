import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import { ModelClient } from '../../src/model/client';
import { redactUrlCredentials, splitUrlCredentials } from '../../src/model/url-credentials';

describe('model URL credentials', () => {
  it('takes user and password out of the URL into a Basic header', () => {
    const split = splitUrlCredentials('http://alice:s%40cret-pw@127.0.0.1:8000/v1');
    assert.equal(split.url, 'http://127.0.0.1:8000/v1');
    assert.equal(split.authorization, `Basic ${Buffer.from('alice:s@cret-pw').toString('base64')}`);
    assert.deepEqual(splitUrlCredentials('http://127.0.0.1:8000/v1'), { url: 'http://127.0.0.1:8000/v1' });
  });

  it('redacts passwords of URLs quoted in any text', () => {
    assert.equal(redactUrlCredentials('fetch http://u:pw@h/v1 and https://x:y@z failed'), 'fetch http://u:***@h/v1 and https://x:***@z failed');
    assert.equal(splitUrlCredentials('not a url http://u:pw@').url.includes('pw'), false);
  });

  it('never shows the password in the client URL, and sends it as Basic auth', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const client = new ModelClient({ baseUrl: `http://alice:pw-secret-1@127.0.0.1:${port}/v1`, maxRetries: 0 });
      assert.equal(client.baseUrl, `http://127.0.0.1:${port}/v1`);
      const info = await client.probe();
      assert.doesNotMatch(JSON.stringify(info), /pw-secret-1/);
      assert.ok(seen.length > 0 && seen.every((header) => header === `Basic ${Buffer.from('alice:pw-secret-1').toString('base64')}`), seen.join(', '));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

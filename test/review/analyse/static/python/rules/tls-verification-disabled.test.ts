import { findingsOf, linesOf, py } from '../review-python.js';

const RULE = 'tls-verification-disabled';

describe(RULE, () => {
  it('flags verify=False and suggests removing it', async () => {
    const src = py`
      import httpx
      import requests

      def callback(url: str):
          requests.post(url, json={}, timeout=5, verify=False)

      client = httpx.AsyncClient(verify=False)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/cb.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([5, 7]);
    expect(found[0].suggestion).toBe('    requests.post(url, json={}, timeout=5)');
    expect(found[1].suggestion).toBe('client = httpx.AsyncClient()');
  });

  it('does not flag a CA bundle or default verification', async () => {
    const src = py`
      import requests

      def callback(url: str):
          requests.post(url, json={}, timeout=5, verify="/etc/ssl/private-ca.pem")
          requests.get(url, timeout=5)
    `;
    expect(await linesOf(RULE, 'app/cb.py', src)).toEqual([]);
  });
});

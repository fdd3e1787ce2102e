import { findingsOf, linesOf, py } from '../../review-python.js';

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

  it('flags verify switched off by a module constant or a config class, without a mechanical suggestion', async () => {
    const config = py`
      class Upstream:
          VERIFY_SSL = False
    `;
    const src = py`
      import httpx
      from app.config import Upstream

      VERIFY_TLS = False

      async def fetch(url: str):
          async with httpx.AsyncClient(verify=VERIFY_TLS) as client:
              return await client.get(url)

      def partner() -> httpx.Client:
          return httpx.Client(verify=Upstream.VERIFY_SSL)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/cb.py', head: src }], { 'app/config.py': config });
    expect(found.map((f) => f.line)).toEqual([7, 11]);
    expect(found[0].message).toContain('`verify=VERIFY_TLS` (False)');
    expect(found[0].suggestion).toBeUndefined();
  });

  it('does not flag a constant that keeps verification on or a setting read from the environment', async () => {
    const settings = py`
      from pydantic_settings import BaseSettings

      class Settings(BaseSettings):
          verify_ssl: bool = False

      settings = Settings()
    `;
    const src = py`
      import httpx
      from app.settings import settings

      VERIFY_TLS = True
      CA_BUNDLE = "/etc/ssl/private-ca.pem"

      def a() -> httpx.Client:
          return httpx.Client(verify=VERIFY_TLS)

      def b() -> httpx.Client:
          return httpx.Client(verify=CA_BUNDLE)

      def c() -> httpx.Client:
          return httpx.Client(verify=settings.verify_ssl)
    `;
    expect(await linesOf(RULE, 'app/cb.py', src, { 'app/settings.py': settings })).toEqual([]);
  });
  it('does not flag an unverified context a verification setting chooses (the user\'s opt-out), and flags one nothing chooses', async () => {
    const src = py`
      import ssl

      def context(settings):
          if not settings.validate_certs:
              return ssl._create_unverified_context()
          return ssl.create_default_context()

      def other(verify_ssl: bool):
          return ssl.create_default_context() if verify_ssl else ssl._create_unverified_context()

      def always():
          return ssl._create_unverified_context()
    `;
    expect(await linesOf(RULE, 'app/mail.py', src)).toEqual([12]);
  });
});

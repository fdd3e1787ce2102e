import { linesOf, py } from '../../review-python.js';

const RULE = 'cors-wildcard-credentials';

describe(RULE, () => {
  it('flags a wildcard origin list with credentials, directly or through a constant / settings default', async () => {
    const src = py`
      from fastapi import FastAPI
      from fastapi.middleware.cors import CORSMiddleware
      from app.settings import settings

      ORIGINS = ["*"]
      app = FastAPI()
      app.add_middleware(
          CORSMiddleware,
          allow_origins=ORIGINS,
          allow_credentials=True,
      )
      app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True)
    `;
    const settings = py`
      from pydantic_settings import BaseSettings

      class Settings(BaseSettings):
          cors_origins: list[str] = ["*"]

      settings = Settings()
    `;
    expect(await linesOf(RULE, 'app/main.py', src, { 'app/settings.py': settings })).toEqual([9, 12]);
  });

  it('does not flag an app that declares its routes itself and takes no credential at all (a public plugin server); flags it once a route reads one', async () => {
    const src = py`
      import aiohttp
      from fastapi import FastAPI, Query
      from fastapi.middleware.cors import CORSMiddleware

      app = FastAPI()
      app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])

      @app.get("/ai-plugin.json")
      async def manifest():
          return {"name": "retriever"}

      @app.get("/fetch")
      async def fetch(url: str = Query(...)):
          async with aiohttp.ClientSession() as session:
              async with session.get(url) as response:
                  return await response.text()
    `;
    expect(await linesOf(RULE, 'plugins/retriever/main.py', src)).toEqual([]);
    const reads = src.replace('async def manifest():', 'async def manifest(request: Request):\n    user = request.session.get("user")');
    expect(await linesOf(RULE, 'plugins/retriever/main.py', reads)).toEqual([6]);
    const routed = src.replace('app = FastAPI()', 'app = FastAPI()\napp.include_router(accounts.router)');
    expect(await linesOf(RULE, 'plugins/retriever/main.py', routed)).toEqual([7]);
  });

  it('does not flag explicit origins, or a wildcard without credentials', async () => {
    const src = py`
      from fastapi import FastAPI
      from fastapi.middleware.cors import CORSMiddleware

      app = FastAPI()
      app.add_middleware(CORSMiddleware, allow_origins=["https://app.example"], allow_credentials=True)
      app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])
    `;
    expect(await linesOf(RULE, 'app/main.py', src)).toEqual([]);
  });

  it('follows origins imported from a config module or class, and leaves disagreeing assignments alone', async () => {
    const config = py`
      import os

      ALLOWED = ["*"]

      class Cors:
          ORIGINS = ["*"]
          CREDENTIALS = True

      ORIGINS = ["*"]
      if os.getenv("ENV") == "prod":
          ORIGINS = ["https://app.example"]
    `;
    const src = py`
      from fastapi import FastAPI
      from fastapi.middleware.cors import CORSMiddleware
      from app import config
      from app.config import ALLOWED, Cors

      app = FastAPI()
      app.add_middleware(CORSMiddleware, allow_origins=ALLOWED, allow_credentials=True)
      app.add_middleware(CORSMiddleware, allow_origins=Cors.ORIGINS, allow_credentials=Cors.CREDENTIALS)
      app.add_middleware(CORSMiddleware, allow_origins=config.ORIGINS, allow_credentials=True)
    `;
    expect(await linesOf(RULE, 'app/main.py', src, { 'app/config.py': config })).toEqual([7, 8]);
  });

  describe('whether a browser has a credential to send', () => {
    const main = py`
      from fastapi import FastAPI
      from fastapi.middleware.cors import CORSMiddleware

      app = FastAPI()
      app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
    `;
    const bearer = py`
      from fastapi import Depends
      from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

      scheme = HTTPBearer()

      async def current_user(creds: HTTPAuthorizationCredentials = Depends(scheme)):
          return decode(creds.credentials)
    `;

    it('does not flag an API that authenticates only with a header the page must set (bearer token, API key)', async () => {
      expect(await linesOf(RULE, 'app/main.py', main, { 'app/auth.py': bearer })).toEqual([]);
      const header = py`
        from fastapi import Request

        async def current_user(request: Request):
            return decode(request.headers.get("Authorization", "").removeprefix("Bearer "))
      `;
      expect(await linesOf(RULE, 'app/main.py', main, { 'app/auth.py': header })).toEqual([]);
    });

    it('flags it when any code reads or sets a cookie, keeps a session, or takes HTTP Basic, next to the bearer scheme', async () => {
      const cookie = py`
        from fastapi import Request, Response

        def login(response: Response):
            response.set_cookie("session", "x", httponly=True)

        def refresh(request: Request):
            return request.cookies.get("refresh")
      `;
      expect(await linesOf(RULE, 'app/main.py', main, { 'app/auth.py': bearer, 'app/session.py': cookie })).toEqual([5]);
      const basic = py`
        from fastapi.security import HTTPBasic

        security = HTTPBasic()
      `;
      expect(await linesOf(RULE, 'app/main.py', main, { 'app/auth.py': bearer, 'app/admin.py': basic })).toEqual([5]);
    });

    it('flags it when nothing shows how the API authenticates; a cookie named only in prose does not count', async () => {
      expect(await linesOf(RULE, 'app/main.py', main)).toEqual([5]);
      const prose = py`
        def current_user():
            """Sessions used to be read from request.cookies; now the bearer scheme below."""
            # response.set_cookie("session", ...) was dropped in v2
            return None
      `;
      expect(await linesOf(RULE, 'app/main.py', main, { 'app/auth.py': bearer, 'app/legacy.py': prose })).toEqual([]);
    });
  });
});

import { section } from './section.js';

/** Python rules of the security category: CORS, debug mode, TLS, deserialisation, shell commands, file paths. */
export const PYTHON_SECURITY_RUNTIME = section('python', {
  'cors-wildcard-credentials': {
    category: 'security',
    severity: 'high',
    title: 'CORS allows any origin with credentials',
    rationale:
      'With `allow_origins=["*"]` and `allow_credentials=True`, Starlette\'s CORSMiddleware reflects the caller\'s ' +
      'Origin back when a cookie is sent, so any website can make authenticated requests on behalf of a logged-in ' +
      'user and read the responses. List the allowed origins explicitly (from settings), or drop credentials for a ' +
      'public API. An API that authenticates only with a header the page must set (a bearer token, an API key), ' +
      'with no cookie, session or HTTP Basic anywhere in its code, gives a hostile site nothing to send: not reported.',
    anchors: ['semgrep python.fastapi.security.wildcard-cors', 'FastAPI docs: CORS', 'Starlette CORSMiddleware source'],
    examples: {
      bad: `
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)`,
      good: `
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)`,
    },
  },
  'auth-exempt-privileged-path': {
    category: 'security',
    severity: 'high',
    title: 'Operator endpoint exempted from authentication',
    rationale:
      'Middleware-based authentication usually keeps a list of paths it lets through without a token (sign-in, health ' +
      'checks, documentation). An operator surface on that list (server or Redis monitors, admin, debug, system, logs) ' +
      'is then open to anyone who can reach the service: it discloses the server, its cache or its users, or changes ' +
      'them. Exempt only what must be anonymous, and keep operator endpoints behind authentication and a permission.',
    anchors: ['OWASP API Security Top 10 2023: API5 Broken Function Level Authorization', 'CWE-306'],
    examples: {
      bad: `
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            TOKEN_REQUEST_PATH_EXCLUDE: list[str] = ["/api/v1/auth/login", "/api/v1/monitors/redis"]`,
      good: `
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            TOKEN_REQUEST_PATH_EXCLUDE: list[str] = ["/api/v1/auth/login", "/api/v1/health", "/docs"]`,
    },
  },
  'fastapi-debug-enabled': {
    category: 'security',
    severity: 'medium',
    title: 'Debug mode hard-coded on',
    rationale:
      '`FastAPI(debug=True)` / `Starlette(debug=True)` makes unhandled errors return the full traceback (source ' +
      'lines, local variables, configuration) to any client. Drive it from settings that default to off in production.',
    anchors: ['Bandit B201 (Flask debug, analogue)', 'semgrep flask debug-enabled (analogue)', 'Starlette docs: debug'],
    examples: {
      bad: `
        from fastapi import FastAPI

        app = FastAPI(debug=True)`,
      good: `
        import os
        from fastapi import FastAPI

        app = FastAPI(debug=os.getenv("APP_ENV") == "dev")`,
    },
  },
  'tls-verification-disabled': {
    category: 'security',
    severity: 'high',
    title: 'TLS certificate verification disabled',
    rationale:
      '`verify=False` (requests, httpx) or an unverified SSL context accepts any certificate, so anyone on the ' +
      'network path can impersonate the remote service, read the credentials sent to it and tamper with its answers. ' +
      'Keep verification on; for a private CA pass its bundle (`verify="/path/ca.pem"`).',
    anchors: ['Ruff S501', 'Bandit B501', 'semgrep disabled-cert-validation'],
    examples: {
      bad: `
        import requests

        def callback(url: str):
            requests.post(url, json={}, timeout=5, verify=False)`,
      good: `
        import requests

        def callback(url: str):
            requests.post(url, json={}, timeout=5)`,
    },
  },
  'unsafe-deserialization': {
    category: 'security',
    severity: 'high',
    title: 'Unsafe deserialization',
    rationale:
      '`yaml.load` with the default or unsafe `Loader` and `pickle.loads` can construct arbitrary Python objects, ' +
      'which means running code chosen by whoever controls the input. Use `yaml.safe_load` and JSON (validated with a ' +
      'Pydantic model) for anything that comes from a request or another service.',
    anchors: ['Ruff S301', 'Ruff S506', 'Bandit B506', 'semgrep avoid-pyyaml-load / avoid-pickle'],
    examples: {
      bad: `
        import yaml
        from fastapi import APIRouter, Request

        router = APIRouter()

        @router.post("/import")
        async def import_users(request: Request):
            return yaml.load(await request.body(), Loader=yaml.Loader)`,
      good: `
        import yaml
        from fastapi import APIRouter, Request

        router = APIRouter()

        @router.post("/import")
        async def import_users(request: Request):
            return yaml.safe_load(await request.body())`,
    },
  },
  'command-injection': {
    category: 'security',
    severity: 'high',
    title: 'Shell command built from untrusted text',
    rationale:
      'A command string run through a shell (`shell=True`, `os.system`, `os.popen`, `create_subprocess_shell`) is ' +
      'parsed by `/bin/sh`: a value containing `;`, `$(...)` or backticks runs extra commands with the service\'s ' +
      'privileges. Pass an argument list without a shell (`subprocess.run(["git", "clone", url, dest])`), or quote ' +
      'every value with `shlex.quote`. Only a value followed to what the client sends (through the helpers that hand it ' +
      'on) or to another service\'s response is reported, and the finding says which: a command the program or its ' +
      'operator composes runs what they chose.',
    anchors: ['Ruff S602/S604/S605', 'Bandit B602/B605', 'CWE-78'],
    examples: {
      bad: `
        import subprocess
        from fastapi import APIRouter

        router = APIRouter()

        @router.post("/mirrors")
        def clone(repo_url: str, name: str):
            subprocess.run(f"git clone {repo_url} /srv/{name}", shell=True, check=True)`,
      good: `
        import subprocess
        from fastapi import APIRouter

        router = APIRouter()

        @router.post("/mirrors")
        def clone(repo_url: str, name: str):
            subprocess.run(["git", "clone", "--", repo_url, f"/srv/{name}"], check=True)`,
    },
  },
  'path-traversal': {
    category: 'security',
    severity: 'high',
    title: 'File path built from request input',
    rationale:
      'A file name or path segment taken from the request (a query or path parameter, a form field, an upload\'s own ' +
      '`filename`, a client-chosen extension) and joined onto a directory can climb out of it with `../` or replace ' +
      'it with an absolute path: the route then reads, overwrites, deletes or serves any file the service can reach ' +
      '(`.env`, keys, the code itself). Generate stored names on the server (`uuid4().hex` plus an allow-listed ' +
      'extension), reduce client names to their last component (`Path(name).name`, `secure_filename`), or resolve the ' +
      'final path and check `path.resolve().is_relative_to(BASE.resolve())` before touching it.',
    anchors: ['CWE-22', 'OWASP Path Traversal', 'semgrep python.lang.security.audit.path-traversal', 'Bandit (no equivalent)'],
    examples: {
      bad: `
        from pathlib import Path
        from fastapi import APIRouter
        from fastapi.responses import FileResponse

        router = APIRouter()
        EXPORTS = Path("/srv/exports")

        @router.get("/exports")
        def download(name: str):
            return FileResponse(EXPORTS / name)`,
      good: `
        from pathlib import Path
        from fastapi import APIRouter, HTTPException
        from fastapi.responses import FileResponse

        router = APIRouter()
        EXPORTS = Path("/srv/exports")

        @router.get("/exports")
        def download(name: str):
            path = (EXPORTS / name).resolve()
            if not path.is_relative_to(EXPORTS):
                raise HTTPException(404)
            return FileResponse(path)`,
    },
  },
});

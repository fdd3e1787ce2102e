import { linesOf, py } from '../../review-python.js';

const RULE = 'auth-exempt-privileged-path';

describe(RULE, () => {
  it('flags operator paths on lists that exempt requests from authentication, plain or as patterns', async () => {
    const src = py`
      import re
      from pydantic_settings import BaseSettings

      API = "/api/v1"

      class Settings(BaseSettings):
          TOKEN_REQUEST_PATH_EXCLUDE: list[str] = [
              f"{API}/auth/login",
          ]
          TOKEN_REQUEST_PATH_EXCLUDE_PATTERN: list[re.Pattern[str]] = [
              rf"^{API}/monitors/(redis|server)$",
          ]

      AUTH_WHITELIST = ("/health", re.compile(r"^/admin/users/\\d+$"))
    `;
    expect(await linesOf(RULE, 'app/core/conf.py', src)).toEqual([11, 14]);
  });

  it('does not flag anonymous-by-design paths, static files, or lists that are not about authentication', async () => {
    const src = py`
      from pydantic_settings import BaseSettings

      class Settings(BaseSettings):
          TOKEN_REQUEST_PATH_EXCLUDE: list[str] = [
              "/api/v1/auth/login",
              "/api/v1/admin/login",
              "/api/v1/sys/captcha",
              "/admin/static/app.css",
              "/docs",
              "/api/v1/health",
          ]
          LOG_EXCLUDE_FIELDS: list[str] = ["/admin/password"]
          ADMIN_PATHS: list[str] = ["/api/v1/monitors/redis"]
    `;
    expect(await linesOf(RULE, 'app/core/conf.py', src)).toEqual([]);
  });
});

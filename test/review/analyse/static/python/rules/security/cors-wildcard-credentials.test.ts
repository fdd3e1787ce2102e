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
});

import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'async-blocking-file-io';

describe(RULE, () => {
  it('flags open() and Path I/O in async def', async () => {
    const src = py`
      from pathlib import Path

      EXPORTS = Path("/srv/exports")

      class Reports:
          async def export(self, name: str, data: str) -> Path:
              target = EXPORTS / f"{name}.csv"
              with open(target, "w") as fh:
                  fh.write(data)
              return target

      async def read_logo() -> bytes:
          return (EXPORTS / "logo.png").read_bytes()
    `;
    expect(await linesOf(RULE, 'app/services/reports.py', src)).toEqual([8, 13]);
  });

  it('does not flag reads of files that ship with the code (paths from __file__, through constants, class attributes and helpers), but does flag writes there and reads elsewhere', async () => {
    const src = py`
      import os
      from pathlib import Path

      HERE = Path(__file__).parent
      DATA = Path("/srv/data")

      class Prompts:
          PROMPTS_DIR = Path(os.path.dirname(os.path.abspath(__file__))) / "prompts"

          @classmethod
          def get_prompt(cls, name: str) -> str:
              path = os.path.join(cls.PROMPTS_DIR, name + ".txt")
              with open(path) as f:
                  return f.read()

      async def parse(text: str) -> str:
          prompt = Prompts.get_prompt("parse")
          schema = (HERE / "schema.json").read_text()
          return prompt + schema

      async def cache(text: str) -> None:
          with open(HERE / "cache.txt", "w") as f:
              f.write(text)

      async def extra() -> str:
          return (DATA / "extra.txt").read_text()
    `;
    expect(await linesOf(RULE, 'app/services/parser.py', src)).toEqual([22, 26]);
  });

  it('follows a shipped path into helpers: a listing helper returning package files, an imported directory constant, a caller passing a path under __file__; other paths and writes stay reported', async () => {
    const utils = py`
      import os
      import myapp
      from myapp.paths import TEMPLATES_DIR, UPLOADS_DIR

      def list_persona_files():
          defaults_dir = os.path.join(myapp.__path__[0], "personas", "examples")
          defaults = os.listdir(defaults_dir)
          return [os.path.join(defaults_dir, f) for f in defaults if f.endswith(".txt")]

      def list_upload_files():
          return [os.path.join(UPLOADS_DIR, f) for f in os.listdir(UPLOADS_DIR)]

      def get_persona_text(name: str) -> str:
          for file_path in list_persona_files():
              if os.path.basename(file_path) == f"{name}.txt":
                  with open(file_path, encoding="utf-8") as f:
                      return f.read().strip()
          raise ValueError(name)

      def get_upload_text(name: str) -> str:
          for file_path in list_upload_files():
              if os.path.basename(file_path) == name:
                  with open(file_path) as f:
                      return f.read()
          raise ValueError(name)

      def render_template(name: str) -> str:
          with open(os.path.join(TEMPLATES_DIR, name)) as f:
              return f.read()

      def read_upload(name: str) -> str:
          with open(os.path.join(UPLOADS_DIR, name)) as f:
              return f.read()

      def load_config(config_path: str) -> str:
          with open(config_path, "r") as f:
              return f.read()

      def save_config(config_path: str, text: str) -> None:
          with open(config_path, "w") as f:
              f.write(text)
    `;
    const paths = py`
      from pathlib import Path

      TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
      UPLOADS_DIR = Path("/srv/uploads")
    `;
    const routes = py`
      from pathlib import Path
      from myapp.utils import get_persona_text, get_upload_text, render_template, read_upload, load_config, save_config

      async def persona(name: str) -> str:
          return get_persona_text(name)

      async def upload(name: str) -> str:
          return get_upload_text(name)

      async def page(name: str) -> str:
          return render_template(name)

      async def attachment(name: str) -> str:
          return read_upload(name)

      async def start_run(config_rel_path: str) -> str:
          base = Path(__file__).resolve().parent.parent
          cfg_path = (base / config_rel_path).resolve()
          return load_config(str(cfg_path))

      async def import_run(config_path: str) -> str:
          return load_config(config_path)

      async def store_run(config_rel_path: str, text: str) -> None:
          base = Path(__file__).resolve().parent.parent
          save_config(str(base / config_rel_path), text)
    `;
    const found = await findingsOf(RULE, [{ path: 'myapp/routes.py', head: routes }], { 'myapp/__init__.py': '', 'myapp/utils.py': utils, 'myapp/paths.py': paths });
    expect(found.map((f) => f.line).sort((a, b) => a - b)).toEqual([8, 14, 22, 26]);
  });

  it('does not flag a read of a file the repository holds (a prompt named by its path from the repository root), and flags one it does not', async () => {
    const src = py`
      from pathlib import Path

      KNOWLEDGE_BASE = Path("app/prompts/knowledge_base.txt")
      UPLOADS = Path("var/uploads/latest.txt")

      async def answer(question: str) -> str:
          return KNOWLEDGE_BASE.read_text() + question

      async def latest() -> str:
          return UPLOADS.read_text()
    `;
    expect(await linesOf(RULE, 'app/routes/copilot.py', src, { 'app/prompts/knowledge_base.txt': 'You are...\n' })).toEqual([10]);
  });

  it('lists settings-sized documents, directory listings and log appends with real file work, never on their own', async () => {
    const src = py`
      import json
      import yaml
      from pathlib import Path

      CONFIGS = Path("/srv/configs")

      async def load_settings(path: str) -> dict:
          with open(path) as f:
              return yaml.safe_load(f)

      async def save_state(path: str, state: dict) -> None:
          with open(path, "w") as f:
              json.dump(state, f)
          with open(path + ".bak", "w") as f:
              f.write(json.dumps(state))

      async def read_state(path: Path, state: dict) -> dict:
          (path / "run.json").write_text(json.dumps(state, indent=2))
          return json.loads(path.read_text())

      async def journal(path: str, line: str) -> None:
          with open(path, "a") as f:
              f.write(line + "\n")

      async def list_configs() -> list[str]:
          return [p.name for p in CONFIGS.glob("*.yaml")]

      async def export(path: str, rows: list[str], state: dict) -> None:
          with open(path + ".json", "w") as f:
              json.dump(state, f)
          with open(path, "w") as f:
              f.write("\n".join(rows))
              json.dump(state, f)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/services/state.py', head: src }]);
    // Reported at the export's write of rows; the state dumps beside it are listed in the message.
    expect(found.map((f) => f.line)).toEqual([32]);
    expect(found[0]!.message).toContain('line 30');
  });

  it('lists a file opened only to be streamed by an awaited upload, and flags one read whole or written', async () => {
    const src = py`
      import asyncio, functools, httpx
      from pathlib import Path

      async def convert(client: httpx.AsyncClient, path: str):
          with open(path, "rb") as f:
              return await client.post("/convert", files={"file": ("doc", f, "application/pdf")})

      async def transcribe(api, path: str):
          return await api.transcriptions.create(model="whisper-1", file=open(path, "rb"))

      async def ingest(client, path: str):
          handle = open(path, "rb")
          files = [("file", ("doc", handle, "application/octet-stream"))]
          try:
              return await client.request("POST", "/documents", files=files)
          finally:
              handle.close()

      async def upload_whole(client, path: str):
          with open(path, "rb") as f:
              body = f.read()
          return await client.post("/raw", content=body)

      async def upload_then_keep(client, path: str):
          handle = open(path, "rb")
          await client.post("/raw", content=handle)
          return handle

      async def download_to(client, path: str):
          with open(path, "wb") as f:
              await client.download(into=f)

      async def download_offloaded(stream, path: Path):
          with path.open("wb", buffering=0) as out:
              async for chunk in stream.iter_chunks():
                  await asyncio.to_thread(functools.partial(out.write, chunk))

      async def download_written(stream, path: Path):
          with path.open("wb") as out:
              async for chunk in stream.iter_chunks():
                  out.write(chunk)
    `;
    expect(await linesOf(RULE, 'app/services/upload.py', src)).toEqual([20, 25, 30, 39]);
  });

  it('lists file work on an error path and a teardown removing its own directory, never on their own', async () => {
    const src = (finalize: string) => py`
      import shutil
      from pathlib import Path

      class Workspace:
          async def render(self, name: str, data: str) -> str:
              try:
                  return await self.renderer.render(data)
              except ValueError:
                  Path(f"/srv/failed/{name}.txt").write_text(data)
                  raise
              except KeyError:
                  self._reset_preferences(name)
                  raise

          def _reset_preferences(self, name: str) -> None:
              Path(f"/srv/prefs/{name}.json").write_text("{}")

          async def aclose(self) -> None:
              await self.client.aclose()
              shutil.rmtree(self.workdir)

          async def drop(self, other: str) -> None:
              shutil.rmtree(other)

          async def store(self, name: str, data: str) -> None:
              try:
                  await self.renderer.render(data)
              ${finalize}
                  Path(f"/srv/out/{name}.txt").write_text(data)
    `;
    // A `finally` runs every time: reported there, like the removal of a directory the caller names.
    expect(await linesOf(RULE, 'app/workspace.py', src('except Exception:'))).toEqual([23]);
    expect(await linesOf(RULE, 'app/workspace.py', src('except Exception:\n                  raise\n              else:'))).toEqual([23, 31]);
    expect(await linesOf(RULE, 'app/workspace.py', src('finally:'))).toEqual([23, 29]);
  });

  it('lists a file created empty (a touch), and flags one written with data', async () => {
    const src = py`
      async def start_log(path: str):
          with open(path, "w") as _:
              pass
          open(path + ".lock", "x").close()

      async def write_log(path: str, text: str):
          with open(path, "w") as f:
              f.write(text)
    `;
    expect(await linesOf(RULE, 'app/services/logs.py', src)).toEqual([7]);
  });

  it('lists writes of text the source spells out (a constant script, a dump of a few fields), and flags the data a run produced', async () => {
    const src = py`
      import json
      import textwrap
      from pathlib import Path

      _PROBE_SCRIPT = "import sys\\nprint(sys.version)\\n"

      async def prepare_probe(job_dir: Path, host: str, port: int):
          (job_dir / "probe.py").write_text(textwrap.dedent(_PROBE_SCRIPT).lstrip(), encoding="utf-8")
          (job_dir / "inputs.json").write_text(json.dumps({"host": host, "port": port}))
          (job_dir / "README").write_text(f"probe for {_PROBE_SCRIPT}")

      async def save_output(job_dir: Path, output: str, result: dict):
          (job_dir / "known_hosts").write_text(f"{output}\\n")
          (job_dir / "result.json").write_text(json.dumps(result))
    `;
    expect(await linesOf(RULE, 'app/services/probe.py', src)).toEqual([13]);
  });

  it('does not flag a capture behind a debug switch; flags the same write behind a feature condition', async () => {
    const helper = py`
      def write_capture(root: str, data: str) -> None:
          with open(root + "/capture.json", "w") as f:
              f.write(data)
    `;
    const src = py`
      import os
      from app.settings import settings
      from app.capture import write_capture

      async def dump_html(page, debug_dir: str | None, label: str) -> None:
          if not debug_dir:
              return
          html = await page.content()
          with open(os.path.join(debug_dir, label), "w") as f:
              f.write(html)

      async def turn(ctx, data: str) -> None:
          capture_root = os.environ.get("COPILOT_DUMP_NOTICE_INPUTS")
          if capture_root and not ctx.written:
              write_capture(capture_root, data)
          if settings.DEBUG:
              write_capture("/tmp", data)

      async def export(item, root: str, data: str) -> None:
          if item.model_dump():
              write_capture(root, data)
    `;
    expect(await linesOf(RULE, 'app/services/pages.py', src, { 'app/capture.py': helper })).toEqual([21]);
  });

  it('does not flag path arithmetic, aiofiles, to_thread, or the lifespan', async () => {
    const src = py`
      import asyncio
      import json
      from contextlib import asynccontextmanager
      from pathlib import Path

      import aiofiles

      BASE = Path("/srv")

      async def paths(name: str):
          p = BASE / name
          return p.with_suffix(".gz").name

      async def read(name: str):
          async with aiofiles.open(BASE / name) as fh:
              return await fh.read()

      async def offload(name: str):
          return await asyncio.to_thread((BASE / name).read_text)

      @asynccontextmanager
      async def lifespan(app):
          with open("config.json") as fh:
              app.state.config = json.load(fh)
          yield
    `;
    expect(await linesOf(RULE, 'app/io.py', src)).toEqual([]);
  });

  it('does not flag helpers only start-up runs (a builder the lifespan awaits, a create_tables set-up), and flags one a route also calls', async () => {
    const src = py`
      import subprocess
      from contextlib import asynccontextmanager
      from fastapi import FastAPI

      class Builder:
          async def build(self):
              subprocess.run(["pip", "install", "-r", "tools.txt"])
              return FastAPI()

      class Prompts:
          async def create_tables(self):
              await self._load()

          async def _load(self):
              with open("prompts.yaml") as fh:
                  return fh.read()

      async def load_template(name: str):
          with open(name) as fh:
              return fh.read()

      @asynccontextmanager
      async def lifespan(app):
          await Builder().build()
          await load_template("welcome.txt")
          yield

      app = FastAPI(lifespan=lifespan)

      @app.get("/t/{name}")
      async def template(name: str):
          return await load_template(name)
    `;
    expect(await linesOf(RULE, 'app/startup.py', src)).toEqual([19]);
    expect(await linesOf('async-blocking-subprocess', 'app/startup.py', src)).toEqual([]);
  });

  it('does not flag file work only administrators start (an admin-only route, a helper only such routes call), and flags it once a user route reaches it; network stalls there and internal service routes stay reported', async () => {
    const deps = py`
      from fastapi import Depends, HTTPException

      async def get_current_user(token: str = ""):
          return {"id": token}

      async def check_admin(user=Depends(get_current_user)):
          if not user.get("admin"):
              raise HTTPException(403)
          return user

      async def verify_internal_token(token: str = ""):
          if token != "s3cret":
              raise HTTPException(403)
    `;
    const service = py`
      import shutil
      import zipfile

      async def install_extension(archive: str, target: str):
          shutil.rmtree(target, True)
          with zipfile.ZipFile(archive) as z:
              z.extractall(target)

      async def export_report(path: str) -> bytes:
          with open(path, "rb") as fh:
              return fh.read()
    `;
    const routes = (userRoute: string) => py`
      import shutil
      import requests
      from fastapi import APIRouter, Depends
      from app.deps import check_admin, get_current_user, verify_internal_token
      from app.services import install_extension, export_report

      router = APIRouter()

      @router.post("/extensions", dependencies=[Depends(check_admin)])
      async def api_install(archive: str):
          await install_extension(archive, "/srv/ext")

      @router.delete("/builder")
      async def api_clean(admin=Depends(check_admin)):
          shutil.rmtree("/srv/builder", True)
          requests.post("https://hooks.example.com/cleaned")

      @router.get("/reports/{name}")
      async def api_report(name: str, user=Depends(${userRoute})):
          return await export_report(f"/srv/reports/{name}")

      @router.post("/internal/sync", dependencies=[Depends(verify_internal_token)])
      async def api_sync():
          shutil.rmtree("/srv/sync", True)
    `;
    const others = { 'app/deps.py': deps, 'app/services.py': service };
    // An internal service token guards a route machines call, maybe often: not an operator's occasional action.
    expect(await linesOf(RULE, 'app/routes.py', routes('check_admin'), others)).toEqual([24]);
    expect(await linesOf(RULE, 'app/services.py', service, { 'app/deps.py': deps, 'app/routes.py': routes('check_admin') })).toEqual([]);
    expect(await linesOf(RULE, 'app/services.py', service, { 'app/deps.py': deps, 'app/routes.py': routes('get_current_user') })).toEqual([10]);
    expect(await linesOf('async-blocking-http', 'app/routes.py', routes('check_admin'), others)).toEqual([16]);
  });

  it('does not flag a branch for an optional argument no caller passes, and flags it once one does', async () => {
    const client = (call: string) => py`
      class Ocr:
          async def upload_file(self, file_path=None, file_content=None, file_name=None):
              if file_path:
                  with open(file_path, "rb") as f:
                      file_content = f.read()
              return await self._send(file_name, file_content)

          async def process(self, name: str, data: bytes):
              return await self.upload_file(${call})
    `;
    expect(await linesOf(RULE, 'app/ocr.py', client('file_content=data, file_name=name'))).toEqual([]);
    expect(await linesOf(RULE, 'app/ocr.py', client('file_path=name'))).toEqual([4]);
    const sniff = (arg: string) => py`
      import csv
      import io

      def get_delimiter(file_path=None, file=None):
          if file:
              data = file.read(4096)
          elif file_path is not None:
              with open(file_path) as f:
                  data = f.read(4096)
          return csv.Sniffer().sniff(data).delimiter

      async def ingest(data: str, path: str):
          return get_delimiter(${arg})
    `;
    expect(await linesOf(RULE, 'app/csv_parser.py', sniff('file=io.StringIO(data)'))).toEqual([]);
    expect(await linesOf(RULE, 'app/csv_parser.py', sniff('file_path=path'))).toEqual([13]);
  });

  it('does not flag a branch under an option of the object that no construction turns on, and flags it once one does', async () => {
    const src = (make: string) => py`
      from fastapi import APIRouter

      router = APIRouter()


      class SlideConverter:
          def __init__(self, add_images=False) -> None:
              self.add_images = add_images

          async def convert(self, deck):
              out = []
              for shape in deck.shapes:
                  if shape.is_picture and self.add_images:
                      with open(f"{shape.name}.png", "wb") as f:
                          f.write(shape.blob)
                  out.append(shape.text)
              return out


      @router.post("/convert")
      async def convert(deck: dict):
          return await ${make}.convert(deck)
    `;
    expect(await linesOf(RULE, 'app/convert.py', src('SlideConverter()'))).toEqual([]);
    expect(await linesOf(RULE, 'app/convert.py', src('SlideConverter(add_images=False)'))).toEqual([]);
    expect(await linesOf(RULE, 'app/convert.py', src('SlideConverter(True)'))).toEqual([14]);
    expect(await linesOf(RULE, 'app/convert.py', src('SlideConverter(add_images=deck.get("images"))'))).toEqual([14]);
    // Code outside the class may switch the option on after construction.
    const later = src('SlideConverter()').replace('return await SlideConverter().convert(deck)', 'converter = SlideConverter()\n    converter.add_images = True\n    return await converter.convert(deck)');
    expect(later).toContain('converter.add_images = True');
    expect(await linesOf(RULE, 'app/convert.py', later)).toEqual([14]);
  });

  it('follows an optional path through a wrapper that forwards it: flagged only once some caller gives one', async () => {
    const src = (call: string) => py`
      class Page:
          async def screenshot(self, file_path: str | None = None) -> bytes:
              image = await self.cdp.capture()
              if file_path:
                  with open(file_path, "wb") as f:
                      f.write(image)
              return image

          async def full_page(self, file_path: str | None = None) -> bytes:
              return await self.screenshot(file_path=file_path)

      async def snap(page: Page, name: str) -> bytes:
          return await page.full_page(${call})
    `;
    expect(await linesOf(RULE, 'app/page.py', src(''))).toEqual([]);
    expect(await linesOf(RULE, 'app/page.py', src('file_path=f"/srv/shots/{name}.png"'))).toEqual([5]);
  });

  it('keeps the optional branch of a function only tests call: they sample its options, its users live elsewhere', async () => {
    const sdk = py`
      class Documents:
          async def create(self, raw_text=None, file_path=None):
              if file_path:
                  with open(file_path, "rb") as f:
                      raw_text = f.read()
              return await self.client.post("documents", raw_text)
    `;
    const test = py`
      from sdk.documents import Documents

      async def test_create(client):
          await Documents().create(raw_text="x")
    `;
    const lines = async (callerPath: string) =>
      (await findingsOf(RULE, [{ path: 'sdk/documents.py', head: sdk }, { path: callerPath, head: test }])).map((f) => `${f.path}:${f.line}`);
    expect(await lines('tests/test_documents.py')).toEqual(['sdk/documents.py:4']);
    expect(await lines('sdk/cli.py')).toEqual([]);
  });

  const TEMP = py`
    import tempfile
    from collections.abc import Generator
    from contextlib import contextmanager
    from pathlib import Path

    from app.settings import dirs

    @contextmanager
    def scratch_dir() -> Generator[Path, None, None]:
        path = dirs.TEMP.joinpath("x")
        yield path
  `;

  it('flags uploads written or read synchronously: Path.open + copyfileobj, upload.file.read(), copies, once per stall between awaits', async () => {
    const src = py`
      import os
      import shutil
      from fastapi import APIRouter, File, UploadFile
      from app.core.temp import scratch_dir

      router = APIRouter()

      @router.post("/avatar")
      async def avatar(image: UploadFile = File(...)):
          with scratch_dir() as tmp:
              with tmp.joinpath(image.filename).open("wb") as out:
                  shutil.copyfileobj(image.file, out)

      @router.post("/import")
      async def import_csv(upload: UploadFile):
          raw = upload.file.read()
          return raw.decode()

      @router.post("/exports/{name}")
      async def replace_export(name: str, upload: UploadFile):
          os.remove(f"/srv/exports/{name}")
          shutil.copyfile("/srv/template.csv", f"/srv/exports/{name}")
          await upload.close()
          with open(f"/srv/exports/{name}", "ab") as out:
              out.write(await upload.read())
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/media.py', head: src }], { 'app/core/temp.py': TEMP });
    expect(found.map((f) => f.line)).toEqual([11, 16, 22, 24]);
    expect(found[0].message).toContain('line 12');
    expect(found[1].message).toContain('await upload.read()');
    // The metadata-only os.remove is listed with the copy of its stall, never reported alone.
    expect(found[2].message).toContain('line 21');
  });

  it('does not flag the async UploadFile API, offloaded copies, sync routes, startup hooks metadata-only calls (mkdir, remove) or one-time setup helpers (logging, lazy singletons)', async () => {
    const src = py`
      import json
      import logging
      import os
      import shutil
      from fastapi import FastAPI, UploadFile
      from fastapi.concurrency import run_in_threadpool
      from app.core.temp import scratch_dir

      app = FastAPI()

      def save(src, target):
          with open(target, "wb") as out:
              shutil.copyfileobj(src, out)

      @app.post("/a")
      async def read_async(upload: UploadFile):
          data = await upload.read()
          await upload.seek(0)
          return len(data), upload.filename, upload.content_type

      @app.post("/b")
      async def offloaded(upload: UploadFile):
          with scratch_dir() as tmp:
              target = tmp / "x.bin"
              await run_in_threadpool(save, upload.file, target)
              return target.name

      @app.post("/c")
      def sync_route(upload: UploadFile):
          with open("/srv/x", "wb") as out:
              shutil.copyfileobj(upload.file, out)
          os.remove("/srv/x")

      @app.on_event("startup")
      async def prepare():
          os.makedirs("/srv/uploads", exist_ok=True)

      def ensure_dir(name: str) -> str:
          os.makedirs(f"/srv/{name}", exist_ok=True)
          return f"/srv/{name}"

      @app.delete("/d/{name}")
      async def drop(name: str):
          os.remove(f"/srv/exports/{name}")
          return {"dir": ensure_dir(name)}

      def setup_logger(name: str):
          logger = logging.getLogger(name)
          if logger.handlers:
              return logger
          open("/var/log/app.log", "a").close()
          logger.addHandler(logging.FileHandler("/var/log/app.log"))
          return logger

      _settings = None

      def settings():
          global _settings
          if _settings is not None:
              return _settings
          with open("/etc/app.json") as fh:
              _settings = json.load(fh)
          return _settings

      @app.get("/e")
      async def with_setup():
          log = setup_logger(__name__)
          log.info("x")
          return settings()
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src, { 'app/core/temp.py': TEMP })).toEqual([]);
  });
});

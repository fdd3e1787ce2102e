import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'path-traversal';

const HEADER = `import os
import shutil
from pathlib import Path
from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse
router = APIRouter()
UPLOADS = Path("/srv/uploads")
`;

describe(RULE, () => {
  it('flags uploads, downloads and deletions at paths built from request input', async () => {
    const src = HEADER + py`
      import aiofiles

      @router.post("/avatars")
      async def upload_avatar(file: UploadFile = File(...)):
          dest = UPLOADS / file.filename
          with dest.open("wb") as out:
              shutil.copyfileobj(file.file, out)

      @router.post("/items/{item_id}/assets")
      def upload_asset(item_id: int, title: str = Form(...), extension: str = Form(...), file: UploadFile = File(...)):
          name = f"{item_id}-{title.lower()}.{extension}"
          with open(os.path.join(UPLOADS, name), "wb") as out:
              out.write(file.file.read())

      @router.get("/exports")
      def download(name: str):
          return FileResponse(UPLOADS.joinpath("exports", name))

      @router.delete("/exports")
      async def delete_export(name: str):
          os.remove(f"/srv/exports/{name}")

      @router.post("/notes")
      async def save_note(filename: str, body: str):
          async with aiofiles.open(UPLOADS / "notes" / filename, "w") as f:
              await f.write(body)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/files.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([13, 19, 24, 28, 32]);
    expect(found[0].message).toContain("This file is written at `dest`, a path built from `file.filename` (the uploaded file's own name (`file.filename`))");
    expect(found[1].message).toContain('a path built from `title` (the form field `title` of `POST /items/{item_id}/assets`)');
    expect(found[2].message).toContain('served');
  });

  it('follows the name into a storage helper of another module', async () => {
    const storage = py`
      from pathlib import Path

      MEDIA = Path("/srv/media")


      class ImageStore:
          def __init__(self, owner_id: int):
              self.root = MEDIA / str(owner_id)

          def write_image(self, data: bytes, extension: str) -> Path:
              target = self.root.joinpath(f"original.{extension}")
              target.write_bytes(data)
              return target
    `;
    const route = HEADER + py`
      from app.services.storage import ImageStore

      @router.put("/users/{user_id}/image")
      def update_image(user_id: int, image: bytes = File(...), extension: str = Form(...)):
          ImageStore(user_id).write_image(image, extension)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/services/storage.py', head: storage }, { path: 'app/routers/images.py', head: route }]);
    expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/services/storage.py:12']);
    expect(found[0].message).toContain('`extension` (the form field `extension` of `PUT /users/{user_id}/image`, through `update_image()`)');
  });

  it('does not flag server-made names, reduced names, validated ids, allow-lists or containment checks', async () => {
    const src = HEADER + py`
      from uuid import UUID, uuid4
      from werkzeug.utils import secure_filename

      ALLOWED = {"png", "jpg"}

      @router.post("/a")
      async def a(file: UploadFile = File(...)):
          dest = UPLOADS / f"{uuid4().hex}.bin"
          dest.write_bytes(await file.read())

      @router.post("/b")
      async def b(file: UploadFile = File(...)):
          with open(UPLOADS / secure_filename(file.filename), "wb") as out:
              out.write(await file.read())

      @router.post("/c")
      async def c(file: UploadFile = File(...)):
          (UPLOADS / Path(file.filename).name).write_bytes(await file.read())

      @router.get("/d/{doc_id}")
      def d(doc_id: UUID):
          return FileResponse(UPLOADS / f"{doc_id}.pdf")

      @router.post("/e")
      async def e(extension: str = Form(...), file: UploadFile = File(...)):
          if extension not in ALLOWED:
              raise ValueError(extension)
          (UPLOADS / f"{uuid4()}.{extension}").write_bytes(await file.read())

      @router.get("/f")
      def f(name: str):
          path = (UPLOADS / name).resolve()
          if not path.is_relative_to(UPLOADS.resolve()):
              raise PermissionError(name)
          return FileResponse(path)

      @router.get("/g")
      def g():
          return FileResponse(UPLOADS / "manual.pdf")

      def rotate_logs(name: str):
          os.remove(f"/var/log/app/{name}")
    `;
    expect(await linesOf(RULE, 'app/routers/safe.py', src)).toEqual([]);
  });

  it('tells a one-segment path parameter from a `:path` one, and file contents from names', async () => {
    const src = HEADER + py`
      @router.get("/docs/{name}")
      def one_segment(name: str):
          return FileResponse(UPLOADS / "docs" / name)

      @router.get("/files/{rest:path}")
      def any_depth(rest: str):
          return FileResponse(UPLOADS / rest)

      @router.put("/items/{item_id}/image")
      def image(item_id: int, image: bytes = File(...), extension: str = Form(...)):
          clean = extension.replace(".", "")
          (UPLOADS / f"original.{clean}").write_bytes(image)

      @router.post("/items/{item_id}/assets")
      def asset(item_id: int, name: str = Form(...), file: UploadFile = File(...)):
          dest = UPLOADS / name
          if dest.absolute().parent != UPLOADS:
              raise ValueError(name)
          with dest.open("wb") as out:
              shutil.copyfileobj(file.file, out)

      @router.post("/recipes/{slug}/assets")
      def recipe_asset(slug: str, name: str = Form(...), extension: str = Form(...), file: UploadFile = File(...)):
          dest = UPLOADS / slug / f"{slugify(name)}.{extension}"
          with dest.open("wb") as out:
              shutil.copyfileobj(file.file, out)

      @router.post("/recipes/{slug}/images")
      def recipe_image(slug: str, name: str = Form(...), file: UploadFile = File(...)):
          dest = UPLOADS / slug / f"{slugify(name)}.png"
          with dest.open("wb") as out:
              shutil.copyfileobj(file.file, out)
    `;
    // A one-segment part does not hide another part that can carry anything (the extension here).
    expect(await linesOf(RULE, 'app/routers/media.py', 'from slugify import slugify\n' + src)).toEqual([15, 33]);
  });
});

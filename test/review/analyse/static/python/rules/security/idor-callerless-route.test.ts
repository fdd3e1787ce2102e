import { linesOf, py } from '../../review-python.js';

const RULE = 'idor-missing-ownership-check';

const MODELS = py`
  from pydantic import BaseModel
  from app.db import get_client

  class Notebook(BaseModel):
      id: str | None = None

      def for_user(self, user_id):
          return get_client().table("notebooks_users").select("*").eq("user_id", user_id).execute().data

      def details(self):
          return get_client().table("notebooks").select("*").eq("id", self.id).execute().data

      def rename(self, name):
          return get_client().table("notebooks").update({"name": name}).eq("id", self.id).execute()
`;

const DEPS = py`
  from fastapi import Depends, HTTPException

  class AuthBearer:
      async def __call__(self, authorization: str = ""):
          if not authorization:
              raise HTTPException(401)

  async def get_current_user(authorization: str = ""):
      ...

  async def require_notebook_access(notebook_id: str, user=Depends(get_current_user)):
      ...
`;

describe(`${RULE}: routes that never learn who calls`, () => {
  it('flags a route on an object id authenticated only around the handler, when the listing is scoped to the caller', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.auth import AuthBearer, get_current_user
      from app.models import Notebook

      router = APIRouter()

      @router.get("/notebooks/", dependencies=[Depends(AuthBearer())])
      async def list_notebooks(user=Depends(get_current_user)):
          return Notebook().for_user(user.id)

      @router.get("/notebooks/{notebook_id}/", dependencies=[Depends(AuthBearer())])
      async def get_notebook(notebook_id: str):
          return Notebook(id=notebook_id).details()

      @router.put("/notebooks/{notebook_id}/", dependencies=[Depends(AuthBearer())])
      async def rename_notebook(notebook_id: str, name: str):
          Notebook(id=notebook_id).rename(name)
          return {"ok": True}
    `;
    expect(await linesOf(RULE, 'app/routes/notebooks.py', src, { 'app/models.py': MODELS, 'app/auth.py': DEPS })).toEqual([11, 15]);
  });

  it('does not flag shared collections, access dependencies, handlers given the caller, person ids, or a caller only splatted', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.auth import AuthBearer, get_current_user, require_notebook_access
      from app.models import Notebook

      router = APIRouter()
      open_router = APIRouter()

      @router.get("/notebooks/", dependencies=[Depends(AuthBearer())])
      async def list_notebooks(user=Depends(get_current_user)):
          return Notebook().for_user(user.id)

      @router.get("/notebooks/{notebook_id}/", dependencies=[Depends(AuthBearer()), Depends(require_notebook_access)])
      async def guarded(notebook_id: str):
          return Notebook(id=notebook_id).details()

      @router.delete("/notebooks/{notebook_id}/", dependencies=[Depends(AuthBearer())])
      async def delete(notebook_id: str, user=Depends(get_current_user)):
          return Notebook(id=notebook_id).rename(user.id)

      @router.get("/users/{user_id}/", dependencies=[Depends(AuthBearer())])
      async def profile(user_id: str):
          return Notebook(id=user_id).details()

      @router.get("/users/", dependencies=[Depends(AuthBearer())])
      async def me(user=Depends(get_current_user)):
          return Notebook().for_user(user.id)

      # A shared catalogue: its listing is the same for everyone.
      @open_router.get("/templates/", dependencies=[Depends(AuthBearer())])
      async def templates():
          return Notebook().details()

      @open_router.get("/templates/{template_id}/", dependencies=[Depends(AuthBearer())])
      async def template(template_id: str):
          return Notebook(id=template_id).details()

      # Common query parameters that merely carry the caller along, splatted into a generic paginator.
      @open_router.get("/tags/", dependencies=[Depends(AuthBearer())])
      async def tags(common=Depends(get_current_user)):
          return Notebook().for_user(**common)

      @open_router.get("/tags/{tag_id}/", dependencies=[Depends(AuthBearer())])
      async def tag(tag_id: str):
          return Notebook(id=tag_id).details()
    `;
    expect(await linesOf(RULE, 'app/routes/ok.py', src, { 'app/models.py': MODELS, 'app/auth.py': DEPS })).toEqual([]);
  });
});

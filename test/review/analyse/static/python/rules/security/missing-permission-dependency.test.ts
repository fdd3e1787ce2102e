import { linesOf, py } from '../../review-python.js';

const RULE = 'missing-permission-dependency';

const DEPS = py`
  from uuid import UUID
  from fastapi import Depends, HTTPException

  def get_current_user(token: str = Depends(lambda: "t")):
      if not token:
          raise HTTPException(401)
      return {"id": 1}

  def has_brain_authorization(required: str = "Viewer"):
      def check(brain_id: UUID, user=Depends(get_current_user)):
          return True
      return check
`;

describe(RULE, () => {
  it('flags a route on an object that skips the permission dependency its siblings run', async () => {
    const src = py`
      from uuid import UUID
      from fastapi import APIRouter, Depends
      from app.deps import get_current_user, has_brain_authorization

      router = APIRouter()

      @router.get("/brains/{brain_id}", dependencies=[Depends(has_brain_authorization())])
      async def get_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}

      @router.delete("/brains/{brain_id}", dependencies=[Depends(has_brain_authorization("Owner"))])
      async def delete_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}

      @router.patch("/brains/{brain_id}/name", dependencies=[Depends(has_brain_authorization("Editor"))])
      async def rename_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}

      @router.put("/brains/{brain_id}")
      async def update_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routes/brains.py', src, { 'app/deps.py': DEPS })).toEqual([20]);
  });

  it('compares reads with reads: an edit permission on the writes does not make an open read a finding', async () => {
    const src = py`
      from uuid import UUID
      from fastapi import APIRouter, Depends
      from app.deps import get_current_user, has_brain_authorization

      router = APIRouter()

      @router.get("/brains/{brain_id}")
      async def get_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}

      @router.delete("/brains/{brain_id}", dependencies=[Depends(has_brain_authorization("Owner"))])
      async def delete_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}

      @router.patch("/brains/{brain_id}/name", dependencies=[Depends(has_brain_authorization("Editor"))])
      async def rename_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}

      @router.put("/brains/{brain_id}")
      async def update_brain(brain_id: UUID, user=Depends(get_current_user)):
          if user["id"] != 1:
              raise PermissionError
          return {}
    `;
    expect(await linesOf(RULE, 'app/routes/brains.py', src, { 'app/deps.py': DEPS })).toEqual([]);
  });

  it('does not flag when the route checks access itself, siblings rarely do, or the route is not authenticated', async () => {
    const src = py`
      from uuid import UUID
      from fastapi import APIRouter, Depends
      from app.deps import get_current_user, has_brain_authorization
      from app.access import check_brain_access

      router = APIRouter()

      @router.get("/brains/{brain_id}", dependencies=[Depends(has_brain_authorization())])
      async def get_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}

      @router.delete("/brains/{brain_id}", dependencies=[Depends(has_brain_authorization("Owner"))])
      async def delete_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}

      @router.put("/brains/{brain_id}")
      async def update_brain(brain_id: UUID, user=Depends(get_current_user)):
          check_brain_access(brain_id, user)
          return {}

      @router.get("/brains/{brain_id}/public")
      async def public_card(brain_id: UUID):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routes/brains.py', src, { 'app/deps.py': DEPS })).toEqual([]);
    const loaders = py`
      from uuid import UUID
      from fastapi import APIRouter, Depends
      from app.deps import get_current_user
      from app.loaders import load_brain

      router = APIRouter()

      @router.get("/brains/{brain_id}")
      async def get_brain(brain=Depends(load_brain), user=Depends(get_current_user)):
          return brain

      @router.delete("/brains/{brain_id}")
      async def delete_brain(brain=Depends(load_brain), user=Depends(get_current_user)):
          return {}

      @router.put("/brains/{brain_id}")
      async def update_brain(brain_id: UUID, user=Depends(get_current_user)):
          return {}
    `;
    const loader = py`
      from uuid import UUID

      def load_brain(brain_id: UUID):
          return {"id": brain_id}
    `;
    // A loader given the id alone checks nothing: the siblings are not "guarded" by it.
    expect(await linesOf(RULE, 'app/routes/brains.py', loaders, { 'app/deps.py': DEPS, 'app/loaders.py': loader })).toEqual([]);
  });
});

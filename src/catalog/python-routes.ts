import { section } from './section.js';

/** Python rules about who may call a route: authentication, permissions, ownership. */
export const PYTHON_ROUTES = section('python', {
  'missing-auth-dependency': {
    category: 'security',
    severity: 'high',
    title: 'State-changing route without authentication',
    rationale:
      'FastAPI enforces nothing by default: a route is public unless a dependency (`Depends(get_current_user)`, a ' +
      'security scheme, router-level `dependencies=[...]`) authenticates the caller. A new POST / PUT / PATCH / ' +
      'DELETE route that lacks the auth dependency its sibling routes all have, or that changes a record belonging to ' +
      'a user by id with no caller identity at all while the app does authenticate elsewhere, lets anyone change ' +
      'data. Add the dependency (and check the owner), or move the route under a router that declares it. Sign-in, ' +
      'sign-up and signed webhook routes are exempt.',
    anchors: ['FastAPI docs: Security - Get Current User', 'OWASP API Security Top 10 2023: API2 Broken Authentication'],
    plan: { endpoint: 1, security: 1 },
    examples: {
      bad: `
        from fastapi import APIRouter, Depends
        from app.services import invoices

        router = APIRouter(prefix="/invoices")

        @router.get("")
        async def list_invoices(user=Depends(get_current_user)):
            return []

        @router.post("/{invoice_id}/send")
        async def send_invoice(invoice_id: int, user=Depends(get_current_user)):
            return {}

        @router.post("/{invoice_id}/void")
        async def void_invoice(invoice_id: int):
            return await invoices.void(invoice_id)`,
      good: `
        from fastapi import APIRouter, Depends
        from app.services import invoices

        router = APIRouter(prefix="/invoices")

        @router.get("")
        async def list_invoices(user=Depends(get_current_user)):
            return []

        @router.post("/{invoice_id}/send")
        async def send_invoice(invoice_id: int, user=Depends(get_current_user)):
            return {}

        @router.post("/{invoice_id}/void")
        async def void_invoice(invoice_id: int, user=Depends(get_current_user)):
            return await invoices.void(invoice_id)`,
    },
  },
  'missing-permission-dependency': {
    category: 'security',
    severity: 'high',
    title: 'Route skips the permission check its sibling routes run',
    rationale:
      'When the routes of a router that act on the same object (`/brains/{brain_id}`) run an authorisation dependency ' +
      '(`Depends(has_brain_authorization(...))`, `PermissionsDependency([...])`, a dependency given the id) and one ' +
      'of them does not, that route only checks that the caller is signed in: any user can read or change any other ' +
      'user\'s object by its id. Add the same dependency (or check access in the handler).',
    anchors: ['OWASP API Security Top 10 2023: API1 Broken Object Level Authorization, API5 Broken Function Level Authorization', 'CWE-862'],
    examples: {
      bad: `
        from uuid import UUID
        from fastapi import APIRouter, Depends

        router = APIRouter()

        def has_brain_authorization(required: str = "Viewer"):
            def check(brain_id: UUID, user=Depends(get_current_user)):
                ...  # 403 unless the user holds the role on this brain
            return check

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
            return {}`,
      good: `
        from uuid import UUID
        from fastapi import APIRouter, Depends

        router = APIRouter()

        def has_brain_authorization(required: str = "Viewer"):
            def check(brain_id: UUID, user=Depends(get_current_user)):
                ...  # 403 unless the user holds the role on this brain
            return check

        @router.get("/brains/{brain_id}", dependencies=[Depends(has_brain_authorization())])
        async def get_brain(brain_id: UUID, user=Depends(get_current_user)):
            return {}

        @router.delete("/brains/{brain_id}", dependencies=[Depends(has_brain_authorization("Owner"))])
        async def delete_brain(brain_id: UUID, user=Depends(get_current_user)):
            return {}

        @router.patch("/brains/{brain_id}/name", dependencies=[Depends(has_brain_authorization("Editor"))])
        async def rename_brain(brain_id: UUID, user=Depends(get_current_user)):
            return {}

        @router.put("/brains/{brain_id}", dependencies=[Depends(has_brain_authorization("Editor"))])
        async def update_brain(brain_id: UUID, user=Depends(get_current_user)):
            return {}`,
    },
  },
  'signing-oracle': {
    category: 'security',
    severity: 'high',
    title: 'Unauthenticated route signs caller-chosen values with a server secret',
    rationale:
      'A route anyone may call that returns an HMAC of a value the caller picks (`hmac.new(SECRET, email.encode(), ...)`) ' +
      'hands out the server\'s signature for anything: an identity-verification hash for a support or chat widget, a ' +
      'signed link, an unsubscribe token. Whoever trusts the signature then trusts the attacker, who asks for the ' +
      'signature of another user\'s e-mail and is taken for them. Sign only for the authenticated caller (their own ' +
      'id or e-mail, from the current-user dependency), never for a value from the query or the body.',
    anchors: ['CWE-306', 'OWASP API Security Top 10 2023: API2 Broken Authentication'],
    examples: {
      bad: `
        import hashlib
        import hmac
        from fastapi import APIRouter, Depends
        from app.auth import get_current_user
        from app.config import settings

        router = APIRouter()

        @router.get("/me")
        def me(user=Depends(get_current_user)):
            return {"email": user.email}

        @router.get("/chat/identity")
        def chat_identity(email: str):
            secret = settings.CHAT_IDENTITY_SECRET
            return {"hash": hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()}`,
      good: `
        import hashlib
        import hmac
        from fastapi import APIRouter, Depends
        from app.auth import get_current_user
        from app.config import settings

        router = APIRouter()

        @router.get("/me")
        def me(user=Depends(get_current_user)):
            return {"email": user.email}

        @router.get("/chat/identity")
        def chat_identity(user=Depends(get_current_user)):
            secret = settings.CHAT_IDENTITY_SECRET
            return {"hash": hmac.new(secret.encode(), user.email.encode(), hashlib.sha256).hexdigest()}`,
    },
  },
  'idor-missing-ownership-check': {
    category: 'security',
    severity: 'high',
    title: 'Object fetched by id without an ownership check',
    rationale:
      'A route that loads `/{thing_id}` straight from the database (or through a repository / service function that ' +
      'filters by the id alone) and returns or changes it, while never using the authenticated user it receives, lets ' +
      'any signed-in user read or modify any other user\'s object by changing the id (Broken Object Level ' +
      'Authorization). Filter the query by the owner (`.where(Invoice.account_id == user.account_id)`), compare the ' +
      'owner after loading, or reuse the existing ownership helper. The same holds for a route authenticated only by a ' +
      'dependency around the handler (`dependencies=[Depends(auth)]`), which never learns who calls, on a collection ' +
      'whose listing route is scoped to the caller.',
    anchors: ['OWASP API Security Top 10 2023: API1 Broken Object Level Authorization', 'CWE-639'],
    plan: { endpoint: 2, security: 2 },
    examples: {
      bad: `
        from fastapi import APIRouter, Depends, HTTPException

        router = APIRouter(prefix="/invoices")

        @router.get("/{invoice_id}")
        async def get_invoice(invoice_id: int, user=Depends(get_current_user), db=Depends(get_db)):
            invoice = await db.get(Invoice, invoice_id)
            if invoice is None:
                raise HTTPException(404)
            return invoice`,
      good: `
        from fastapi import APIRouter, Depends, HTTPException

        router = APIRouter(prefix="/invoices")

        @router.get("/{invoice_id}")
        async def get_invoice(invoice_id: int, user=Depends(get_current_user), db=Depends(get_db)):
            invoice = await db.get(Invoice, invoice_id)
            if invoice is None or invoice.owner_id != user.id:
                raise HTTPException(404)
            return invoice`,
    },
  },
});

import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'signing-oracle';

const HEADER = `import hashlib
import hmac
import os
from fastapi import APIRouter, Depends, Header, Query
from app.auth import get_current_user
from app.config import settings
router = APIRouter()
`;

describe(RULE, () => {
  it('flags an open route returning an HMAC of a query value keyed with a setting named like a secret', async () => {
    const src = HEADER + py`
      @router.get("/pylon/email_hash")
      def get_pylon_email_hash(email: str = Query(...)):
          secret = settings.PYLON_IDENTITY_VERIFICATION_SECRET
          if not secret:
              return {"hash": None}
          secret_bytes = bytes.fromhex(secret)
          signature = hmac.new(secret_bytes, email.encode(), hashlib.sha256).hexdigest()
          return {"hash": signature}
    `;
    const findings = await findingsOf(RULE, [{ path: 'app/routes/pylon.py', head: src }]);
    expect(findings.map((f) => f.line)).toEqual([9]);
    expect(findings[0].message).toContain('settings.PYLON_IDENTITY_VERIFICATION_SECRET');
    expect(findings[0].message).toContain('the query parameter `email`');
  });

  it('follows an environment secret and a project helper that signs and returns', async () => {
    const src = HEADER + py`
      SIGNING_KEY = os.environ["UNSUBSCRIBE_SIGNING_KEY"]

      def sign(value: str) -> str:
          return hmac.new(SIGNING_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()

      @router.post("/unsubscribe-link")
      def unsubscribe_link(email: str):
          token = sign(email)
          return {"url": f"/unsubscribe?email={email}&token={token}"}
    `;
    expect(await linesOf(RULE, 'app/routes/links.py', src)).toEqual([14]);
  });

  it('accepts an authenticated caller, a verification, a caller key, a header and an unreturned hash', async () => {
    const src = HEADER + py`
      @router.get("/chat/identity")
      def chat_identity(user=Depends(get_current_user)):
          return {"hash": hmac.new(settings.CHAT_SECRET.encode(), user.email.encode(), hashlib.sha256).hexdigest()}

      @router.get("/chat/identity-for")
      def chat_identity_for(email: str, user=Depends(get_current_user)):
          return {"hash": hmac.new(settings.CHAT_SECRET.encode(), email.encode(), hashlib.sha256).hexdigest()}

      @router.post("/webhook")
      def webhook(payload: str, x_signature: str = Header(...)):
          expected = hmac.new(settings.WEBHOOK_SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()
          return {"ok": expected == x_signature}

      @router.get("/verify")
      def verify(email: str, sig: str):
          good = hmac.new(settings.LINK_SECRET.encode(), email.encode(), hashlib.sha256).hexdigest()
          if not hmac.compare_digest(good, sig):
              return {"ok": False}
          return {"ok": True}

      @router.get("/hash-with")
      def hash_with(email: str, secret: str):
          return {"hash": hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()}

      @router.get("/session-hash")
      def session_hash(session_id: str = Header(...)):
          return {"hash": hmac.new(settings.SESSION_SECRET.encode(), session_id.encode(), hashlib.sha256).hexdigest()}

      @router.post("/send-link")
      def send_link(email: str):
          token = hmac.new(settings.LINK_SECRET.encode(), email.encode(), hashlib.sha256).hexdigest()
          mailer.send(email, token)
          return {"sent": True}

      @router.get("/cache-key")
      def cache_key(name: str):
          return {"k": hmac.new(settings.CACHE_KEY.encode(), name.encode(), hashlib.sha256).hexdigest()}
    `;
    expect(await linesOf(RULE, 'app/routes/open.py', src)).toEqual([]);
  });
});

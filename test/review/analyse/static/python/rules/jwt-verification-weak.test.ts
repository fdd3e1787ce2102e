import { linesOf, py } from '../review-python.js';

const RULE = 'jwt-verification-weak';

describe(RULE, () => {
  it('flags disabled signature verification, the none algorithm and algorithms from the header', async () => {
    const src = py`
      import jwt
      from jose import jwt as jose_jwt

      def decode_partner(token: str) -> dict:
          return jwt.decode(token, options={"verify_signature": False}, algorithms=["RS256"])

      def decode_service(token: str, secret: str) -> dict:
          return jwt.decode(token, secret, algorithms=["HS256", "none"])

      def decode_any(token: str, key: str) -> dict:
          header = jwt.get_unverified_header(token)
          return jwt.decode(token, key, algorithms=[header["alg"]])

      def get_current_claims(token: str) -> dict:
          return jose_jwt.get_unverified_claims(token)
    `;
    expect(await linesOf(RULE, 'app/security.py', src)).toEqual([5, 8, 12, 15]);
  });

  it('does not flag pinned verification or kid routing through the unverified header', async () => {
    const src = py`
      import jwt
      from jose import jwt as jose_jwt

      ALGORITHM = "HS256"

      def decode(token: str, secret: str, keys: dict) -> dict:
          kid = jwt.get_unverified_header(token)["kid"]
          claims = jwt.decode(token, keys[kid], algorithms=["RS256"], audience="authenticated")
          return claims

      def decode_jose(token: str, secret: str) -> dict:
          return jose_jwt.decode(token, secret, algorithms=[ALGORITHM], audience="api")

      def issuer_of(token: str, keys: dict) -> dict:
          iss = jwt.decode(token, options={"verify_signature": False})["iss"]
          return jwt.decode(token, keys[iss], algorithms=["RS256"])
    `;
    expect(await linesOf(RULE, 'app/security.py', src)).toEqual([]);
  });

  it('flags python-jose decodes that pin no algorithm, not PyJWT or a positional algorithm list', async () => {
    const src = py`
      import jwt
      from jose import jwt as jose_jwt

      def a(token: str, key: str) -> dict:
          return jose_jwt.decode(token, key)

      def b(token: str, key: str) -> dict:
          return jose_jwt.decode(token, key, ["RS256"])

      def c(token: str, key: str) -> dict:
          return jwt.decode(token, key)
    `;
    expect(await linesOf(RULE, 'app/security.py', src)).toEqual([5]);
  });
});

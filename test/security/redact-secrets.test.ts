import { collectSecrets, redactSecrets } from '../../src/security/redact-secrets.js';

describe('secrets', () => {
  const env = {
    ANTHROPIC_API_KEY: 'sk-ant-e2e-0123456789abcdef',
    WEBHOOK_SECRET: 'whsec-9876543210',
    PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdef\n-----END RSA PRIVATE KEY-----',
    MY_SERVICE_TOKEN: 'tok_live_abcdefgh',
    LOG_LEVEL: 'debug',
    SHORT_KEY: 'abc',
    HOME: '/root/long/enough/path',
  };

  it('collects secret-looking values and skips ordinary or short ones', () => {
    const secrets = collectSecrets(env);
    expect(secrets).toEqual(expect.arrayContaining(['sk-ant-e2e-0123456789abcdef', 'whsec-9876543210', 'tok_live_abcdefgh', 'MIIEowIBAAKCAQEA1234567890abcdef']));
    expect(secrets).not.toContain('debug');
    expect(secrets).not.toContain('abc');
    expect(secrets).not.toContain('/root/long/enough/path');
  });

  it('redacts every occurrence, also a single line of a PEM key', () => {
    const secrets = collectSecrets(env);
    const text = 'key=sk-ant-e2e-0123456789abcdef and again sk-ant-e2e-0123456789abcdef; pem MIIEowIBAAKCAQEA1234567890abcdef';
    expect(redactSecrets(text, secrets)).toBe('key=[redacted] and again [redacted]; pem [redacted]');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretStore, type SecretCipher } from '../../../src-main/app/secret-store';
import { tempDir } from '../../helpers/temp';

/** A reversible stand-in for the OS keychain: enough to prove the file never holds the plain key. */
function fakeCipher(options: { available: boolean; backend?: string }): SecretCipher {
  const flip = (buffer: Buffer) => Buffer.from(buffer.map((byte) => byte ^ 0x5a));
  return {
    isAsyncEncryptionAvailable: async () => options.available,
    encryptStringAsync: async (text) => flip(Buffer.from(`v1:${text}`)),
    decryptStringAsync: async (encrypted) => ({ result: flip(encrypted).toString().replace(/^v1:/, '') }),
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
}

const tempFile = () => {
  const folder = tempDir('quarry-secrets-');
  return join(folder, 'secrets.json');
};

describe('createSecretStore', () => {
  it('stores a key encrypted and reads it back', async () => {
    const file = tempFile();
    const store = createSecretStore(file, fakeCipher({ available: true }));
    expect((await store.set('openai', 'sk-test-123')).available).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('sk-test-123');
    expect(await createSecretStore(file, fakeCipher({ available: true })).get('openai')).toBe('sk-test-123');
    await store.set('openai', null);
    expect(await store.get('openai')).toBeNull();
  });

  it('refuses to store a key when only the plain-text backend exists, and says why', async () => {
    const file = tempFile();
    const store = createSecretStore(file, fakeCipher({ available: true, backend: 'basic_text' }));
    const status = await store.set('openai', 'sk-test-123');
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/password manager/);
    expect(store.names()).toEqual([]);
  });

  it('refuses when the system has no encryption at all', async () => {
    const store = createSecretStore(tempFile(), fakeCipher({ available: false }));
    expect((await store.set('openai', 'sk')).reason).toMatch(/no keychain/);
    expect(await store.get('openai')).toBeNull();
  });
});

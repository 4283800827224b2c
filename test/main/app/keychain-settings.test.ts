import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../src-shared/contract';
import { createSecretStore, type SecretCipher } from '../../../src-main/app/secret-store';
import { keychainEnvironment, withKeychainSettings } from '../../../src-main/app/keychain-settings';
import { tempDir } from '../../helpers/temp';

function cipher(available: boolean): SecretCipher {
  const flip = (buffer: Buffer) => Buffer.from(buffer.map((byte) => byte ^ 0x33));
  return {
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (text) => flip(Buffer.from(text)),
    decryptStringAsync: async (encrypted) => ({ result: flip(encrypted).toString() }),
  };
}

/** The engine's settings handlers over a plain map, recording what reached them. */
function engineSettings() {
  const stored = new Map<string, unknown>([
    ['offline', false],
    ['openai.apiKey', 'sk-old-plaintext-key'],
  ]);
  const handlers = {
    'settings.get': async ({ key }: { key?: string }) =>
      [...stored].filter(([name]) => !key || name === key).map(([name, value]) => ({ key: name, value })),
    'settings.set': async ({ key, value }: { key: string; value: unknown }) => {
      stored.set(key, value);
      return { key, value };
    },
  } as unknown as Handlers;
  return { stored, handlers };
}

function secretsFile() {
  const folder = tempDir('quarry-keychain-');
  return join(folder, 'secrets.json');
}

describe('withKeychainSettings', () => {
  it('keeps the API key in the keychain, clears the file copy, and hands it to the engine environment', async () => {
    const file = secretsFile();
    const secrets = createSecretStore(file, cipher(true));
    const engine = engineSettings();
    const keys = keychainEnvironment(secrets, {});
    const handlers = withKeychainSettings(engine.handlers, secrets, keys.setKey);

    expect(await handlers['settings.set']({ key: 'openai.apiKey', value: 'sk-live-1234567890' })).toEqual({
      key: 'openai.apiKey',
      value: 'sk-…7890',
    });
    expect(engine.stored.get('openai.apiKey')).toBeNull();
    expect(readFileSync(file, 'utf8')).not.toContain('sk-live');
    expect(keys.environment.OPENAI_API_KEY).toBe('sk-live-1234567890');
    expect(await handlers['settings.get']({})).toContainEqual({ key: 'openai.apiKey', value: 'sk-…7890' });

    const restarted = keychainEnvironment(createSecretStore(file, cipher(true)), {});
    await restarted.ready;
    expect(restarted.environment.OPENAI_API_KEY).toBe('sk-live-1234567890');
  });

  it('refuses to take a key when there is no keychain, and leaves other settings to the engine', async () => {
    const engine = engineSettings();
    const handlers = withKeychainSettings(engine.handlers, createSecretStore(secretsFile(), cipher(false)), () => undefined);
    await expect(handlers['settings.set']({ key: 'openai.apiKey', value: 'sk-live-1234567890' })).rejects.toThrow(/no keychain/);
    expect(engine.stored.get('openai.apiKey')).toBe('sk-old-plaintext-key');
    await handlers['settings.set']({ key: 'offline', value: true });
    expect(engine.stored.get('offline')).toBe(true);
  });
});

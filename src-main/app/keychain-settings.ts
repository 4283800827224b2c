import type { Handlers } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { SecretStore } from './secret-store';

/** The setting that holds a secret; in the desktop app it lives in the keychain, never in the library file. */
export const apiKeySetting = 'openai.apiKey';

/** `sk-…1234`: enough to recognise a key, not enough to use it. */
export function maskSecret(value: string): string {
  return value.length <= 8 ? '…' : `${value.slice(0, 3)}…${value.slice(-4)}`;
}

/**
 * Routes the API key setting to the system keychain (safeStorage) instead of the engine's settings
 * table. The engine reads the key through its provider environment (`currentKey`); a key the file
 * held from before is removed when one is saved here. Without a keychain, saving is refused with
 * the reason, which the settings screen shows.
 */
export function withKeychainSettings(handlers: Handlers, secrets: SecretStore, onKeyChange: (key: string | null) => void): Handlers {
  return {
    ...handlers,
    'settings.set': async (input) => {
      if (input.key !== apiKeySetting) return handlers['settings.set'](input);
      if (input.value !== null && (typeof input.value !== 'string' || input.value.trim() === '')) {
        throw new AppError('validation', `${apiKeySetting}: expected the key as text`);
      }
      const value = input.value === null ? null : input.value.trim();
      const status = await secrets.set(apiKeySetting, value);
      if (value !== null && !status.available) throw new AppError('validation', status.reason ?? 'API keys cannot be stored safely here.');
      await handlers['settings.set']({ key: apiKeySetting, value: null });
      onKeyChange(value);
      return { key: apiKeySetting, value: value === null ? null : maskSecret(value) };
    },
    'settings.get': async (input) => {
      const values = await handlers['settings.get'](input);
      if (!values.some((entry) => entry.key === apiKeySetting)) return values;
      const stored = await secrets.get(apiKeySetting);
      // A key the library file still holds (saved from a browser) shows too: it is what the engine uses.
      return values.map((entry) => (entry.key === apiKeySetting && stored ? { key: entry.key, value: maskSecret(stored) } : entry));
    },
  };
}

/**
 * The provider environment the desktop engine reads: the key from the keychain once loaded (else
 * `OPENAI_API_KEY`), the other variables as the process found them. `setKey` follows a change.
 */
export function keychainEnvironment(secrets: SecretStore, env: NodeJS.ProcessEnv = process.env) {
  let key: string | null = null;
  const ready = secrets.get(apiKeySetting).then((stored) => {
    key = stored;
  });
  return {
    environment: {
      OLLAMA_HOST: env.OLLAMA_HOST,
      OPENAI_BASE_URL: env.OPENAI_BASE_URL,
      get OPENAI_API_KEY() {
        return key ?? env.OPENAI_API_KEY;
      },
    },
    setKey(value: string | null) {
      key = value;
    },
    ready,
  };
}

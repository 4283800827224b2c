import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The part of Electron's `safeStorage` the store uses; tests pass a fake. */
export interface SecretCipher {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  /** Linux only: `basic_text` means a fixed key, which is no protection at all. */
  getSelectedStorageBackend?(): string;
}

export interface SecretStoreStatus {
  readonly available: boolean;
  /** Why secrets cannot be kept, in words for the settings screen; null when they can. */
  readonly reason: string | null;
}

export interface SecretStore {
  status(): Promise<SecretStoreStatus>;
  /** Stores (or with null, deletes) one secret; refuses when it could not be encrypted. */
  set(name: string, value: string | null): Promise<SecretStoreStatus>;
  get(name: string): Promise<string | null>;
  names(): string[];
}

/**
 * API keys encrypted with the operating system's keychain (safeStorage) in one JSON file. When no
 * real keychain is available the store refuses to save rather than write a key in plain text.
 */
export function createSecretStore(file: string, cipher: SecretCipher): SecretStore {
  async function status(): Promise<SecretStoreStatus> {
    if (!(await cipher.isAsyncEncryptionAvailable())) {
      return { available: false, reason: 'This system offers no keychain, so Quarry will not store API keys.' };
    }
    if (cipher.getSelectedStorageBackend?.() === 'basic_text') {
      return { available: false, reason: 'No password manager (GNOME Keyring or KWallet) is running, so Quarry will not store API keys.' };
    }
    return { available: true, reason: null };
  }

  function readAll(): Record<string, string> {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  function writeAll(entries: Record<string, string>): void {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries), { mode: 0o600 });
    renameSync(temporary, file);
  }

  return {
    status,
    /** Stores (or with null, deletes) one secret; refuses when it could not be encrypted. */
    async set(name: string, value: string | null): Promise<SecretStoreStatus> {
      const current = await status();
      const entries = readAll();
      if (value === null) {
        delete entries[name];
        writeAll(entries);
        return current;
      }
      if (!current.available) return current;
      entries[name] = (await cipher.encryptStringAsync(value)).toString('base64');
      writeAll(entries);
      return current;
    },
    async get(name: string): Promise<string | null> {
      const stored = readAll()[name];
      if (stored === undefined || !(await status()).available) return null;
      return (await cipher.decryptStringAsync(Buffer.from(stored, 'base64'))).result;
    },
    names(): string[] {
      return Object.keys(readAll());
    },
  };
}

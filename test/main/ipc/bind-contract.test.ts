import { describe, expect, it, vi } from 'vitest';
import { channels, type Handlers } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { bindContract, type InvokeEventLike, type IpcMainLike } from '../../../src-main/ipc/bind-contract';
import { invokeChannel } from '../../../src-main/ipc/ipc-channels';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** Records what the binder registers, and lets a test invoke a channel as a renderer would. */
function fakeIpcMain() {
  const registered = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, listener);
    },
    removeHandler(channel) {
      registered.delete(channel);
    },
  };
  const invoke = async (channel: string, url: string, input: unknown) => {
    const listener = registered.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame: { url } }, input);
  };
  return { ipcMain, registered, invoke };
}

const trustedUrl = 'file:///app/out/renderer/index.html';

/** Handlers for the channels a test uses; any other channel fails loudly if it is reached. */
function handlersWith(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides as Handlers, {
    get(target, key: string) {
      return target[key as keyof Handlers] ?? (() => Promise.reject(new Error(`unexpected call to ${key}`)));
    },
  });
}

describe('bindContract', () => {
  it('registers one handler per contract channel and removes them all again', () => {
    const fake = fakeIpcMain();
    const unbind = bindContract({ ipcMain: fake.ipcMain, handlers: handlersWith({}), isTrustedSender: () => true });
    expect([...fake.registered.keys()].sort()).toEqual(channels.map(invokeChannel).sort());
    unbind();
    expect(fake.registered.size).toBe(0);
  });

  it('parses the input with the contract schema (defaults applied) and wraps the value', async () => {
    const fake = fakeIpcMain();
    const jobs = vi.fn(async ({ limit }: { limit: number }) => Array.from({ length: 0 }, () => ({ limit })) as never);
    bindContract({ ipcMain: fake.ipcMain, handlers: handlersWith({ 'library.jobs': jobs }), isTrustedSender: (url) => url === trustedUrl });
    const reply = await fake.invoke(invokeChannel('library.jobs'), trustedUrl, {});
    expect(reply).toEqual({ ok: true, value: [] });
    expect(jobs).toHaveBeenCalledWith({ limit: 50 });
  });

  it('answers invalid input with a validation error naming the field, without calling the engine', async () => {
    const fake = fakeIpcMain();
    const ingest = vi.fn();
    bindContract({ ipcMain: fake.ipcMain, handlers: handlersWith({ 'library.ingest': ingest }), isTrustedSender: () => true });
    const reply = (await fake.invoke(invokeChannel('library.ingest'), trustedUrl, { paths: [] })) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('validation');
    expect(reply.error.message).toMatch(/^paths: /);
    expect(ingest).not.toHaveBeenCalled();
  });

  it('refuses calls from frames it does not trust before looking at their input', async () => {
    const fake = fakeIpcMain();
    const remove = vi.fn();
    bindContract({
      ipcMain: fake.ipcMain,
      handlers: handlersWith({ 'library.remove': remove }),
      isTrustedSender: (url) => url === trustedUrl,
    });
    await expect(fake.invoke(invokeChannel('library.remove'), 'https://evil.example/', { ref: '1' })).rejects.toThrow(/untrusted/);
    expect(remove).not.toHaveBeenCalled();
  });

  it('returns expected failures as values with their code and message', async () => {
    const fake = fakeIpcMain();
    const handlers = handlersWith({
      'library.remove': async () => {
        throw new AppError('not-found', 'No document matches "x".');
      },
    });
    bindContract({ ipcMain: fake.ipcMain, handlers, isTrustedSender: () => true });
    expect(await fake.invoke(invokeChannel('library.remove'), trustedUrl, { ref: 'x' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No document matches "x".' },
    });
  });

  it('hides unexpected errors behind `internal` and reports them with the channel', async () => {
    const fake = fakeIpcMain();
    const onUnexpectedError = vi.fn();
    const handlers = handlersWith({
      'library.stats': async () => {
        throw new TypeError('secret internals at /home/user/.ssh');
      },
    });
    bindContract({ ipcMain: fake.ipcMain, handlers, isTrustedSender: () => true, onUnexpectedError });
    const reply = (await fake.invoke(invokeChannel('library.stats'), trustedUrl, {})) as {
      ok: false;
      error: { code: string; message: string };
    };
    expect(reply.error.code).toBe('internal');
    expect(reply.error.message).not.toContain('.ssh');
    expect(onUnexpectedError).toHaveBeenCalledWith('library.stats', expect.any(TypeError));
  });
});

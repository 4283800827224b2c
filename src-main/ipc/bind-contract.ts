import { ZodError } from 'zod';
import { contract, channels, type Channel, type Envelope, type Handlers } from '../../src-shared/contract';
import { toErrorValue, type ErrorValue } from '../../src-shared/errors';
import { invokeChannel } from './ipc-channels';

/** The part of an `IpcMainInvokeEvent` the binder reads: which frame sent the call. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of Electron's `ipcMain` the binder needs; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface BindOptions {
  readonly ipcMain: IpcMainLike;
  readonly handlers: Handlers;
  /** Decides from the sending frame's URL whether the call comes from our own renderer. */
  readonly isTrustedSender: (url: string) => boolean;
  /** Told about failures that are not expected `AppError`s, with the channel for context. */
  readonly onUnexpectedError?: (channel: Channel, error: unknown) => void;
}

/** One line naming the first invalid field, for a person reading the error in the UI. */
export function describeValidationError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not valid.';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** Runs one call: parse the input with the contract's schema, call the handler, wrap the result. */
export async function invokeChannelHandler<C extends Channel>(
  handlers: Handlers,
  channel: C,
  rawInput: unknown,
  onUnexpectedError?: (channel: Channel, error: unknown) => void,
): Promise<Envelope<unknown>> {
  const parsed = contract[channel].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const error: ErrorValue = { code: 'validation', message: describeValidationError(parsed.error) };
    return { ok: false, error };
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const value =
      error instanceof ZodError ? { code: 'validation' as const, message: describeValidationError(error) } : toErrorValue(error);
    if (value.code === 'internal') onUnexpectedError?.(channel, error);
    return { ok: false, error: value };
  }
}

/**
 * Binds every contract channel to `ipcMain.handle`. Calls from frames we did not load are rejected
 * before their input is even parsed. Returns a function that removes the handlers again.
 */
export function bindContract(options: BindOptions): () => void {
  for (const channel of channels) {
    options.ipcMain.handle(invokeChannel(channel), async (event, input) => {
      const url = event.senderFrame?.url ?? '';
      if (!options.isTrustedSender(url)) throw new Error(`Refused a call to ${channel} from an untrusted frame.`);
      return invokeChannelHandler(options.handlers, channel, input, options.onUnexpectedError);
    });
  }
  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(invokeChannel(channel));
  };
}

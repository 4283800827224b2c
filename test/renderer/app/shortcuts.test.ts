import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../../src-renderer/app/shortcuts';

const key = (value: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('shortcutFor', () => {
  it('maps Ctrl or Cmd shortcuts to actions', () => {
    expect(shortcutFor(key('l', { ctrlKey: true }))).toEqual({ kind: 'focus-question' });
    expect(shortcutFor(key('K', { metaKey: true }))).toEqual({ kind: 'focus-search' });
    expect(shortcutFor(key('2', { ctrlKey: true }))).toEqual({ kind: 'navigate', route: 'library' });
    expect(shortcutFor(key('O', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'new-chat' });
  });

  it('ignores plain typing and combinations it does not own', () => {
    expect(shortcutFor(key('l'))).toBeNull();
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('l', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('l', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});

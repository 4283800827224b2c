import type { Page } from 'playwright-core';

const controlRoles = new Set([
  'button',
  'textbox',
  'searchbox',
  'combobox',
  'checkbox',
  'radio',
  'switch',
  'link',
  'slider',
  'spinbutton',
  'tab',
  'menuitem',
]);

interface AXNode {
  readonly ignored: boolean;
  readonly role?: { readonly value?: string };
  readonly name?: { readonly value?: string };
}

/** Controls on the page, as Chromium's accessibility tree exposes them, that a screen reader cannot name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes
      .filter((node) => !node.ignored && controlRoles.has(node.role?.value ?? ''))
      .filter((node) => (node.name?.value ?? '').trim() === '')
      .map((node) => node.role?.value ?? 'unknown');
  } finally {
    await session.detach();
  }
}

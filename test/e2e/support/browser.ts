import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where screenshots go for a person to look at after a run. */
export const screenshotDir = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves the whole screen: the window grows for the shot, since the app scrolls inside its main area. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1360, height: 860 };
  const needed = await page.evaluate(() => {
    const scrolled = [...document.querySelectorAll('main, main *')].map((element) => element.scrollHeight - element.clientHeight);
    return window.innerHeight + Math.max(0, ...scrolled);
  });
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(needed, viewport.height), 4000) });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
  await page.setViewportSize(viewport);
}

export interface DroppedFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/**
 * Drops files on the page the way a person dragging them from the desktop does: a DataTransfer
 * built in the page, carried by real `dragenter`, `dragover` and `drop` events on the main area.
 */
export async function dropFiles(page: Page, files: readonly DroppedFile[]): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, type: file.type, base64: Buffer.from(file.bytes).toString('base64') }));
  await page.evaluate((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const binary = atob(item.base64);
      const bytes = new Uint8Array(binary.length);
      for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
      transfer.items.add(new File([bytes], item.name, { type: item.type }));
    }
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, payload);
}

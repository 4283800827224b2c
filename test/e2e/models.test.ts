import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildRenderer } from './support/build-renderer';
import { dropFiles, launchChromium, screenshot } from './support/browser';
import { startQuarry, type RunningQuarry } from './support/serve';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama-server';
import { tempDir } from '../helpers/temp';

/**
 * A new user with no model: Settings says how to install Ollama; once it runs (here the fake,
 * with nothing installed) a recommended model is downloaded from Settings with its progress, and
 * the next question is answered by it. Then the answer's details, Regenerate and Escape.
 */
describe('a local model one click away, in the browser', () => {
  let dataDir: string;
  let quarry: RunningQuarry;
  let ollama: FakeOllama;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildRenderer();
    dataDir = tempDir('quarry-e2e-models-');
    ollama = await startFakeOllama({ models: [] });
    // Download lines arrive over about two seconds, as a real (small) download's would.
    ollama.fail('/api/pull', { tokenDelayMs: 60 });
    const nothing = await startFakeOllama();
    const away = nothing.url;
    await nothing.close();
    [quarry, browser] = await Promise.all([startQuarry(dataDir, { OLLAMA_HOST: away }), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1360, height: 860 } })).newPage();
    await page.goto(quarry.openUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await quarry?.stop();
    await ollama?.close();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: new RegExp(`^${name}`) });

  it('says how to install and start Ollama on this system while it is not running', async () => {
    await dropFiles(page, [
      {
        name: 'tunnel.md',
        type: 'text/markdown',
        bytes: Buffer.from('# Wind tunnel\n\nThe blowdown tunnel reaches Mach 4 for thirty seconds before the tank is empty.\n'),
      },
    ]);
    await expect
      .poll(() => page.getByRole('listitem', { name: 'Ingestion into default' }).getByText('Finished').isVisible(), { timeout: 30_000 })
      .toBe(true);
    await nav('Settings').click();
    const models = page.getByRole('region', { name: 'Local models' });
    const steps = models.getByRole('list', { name: 'Install Ollama on Linux' });
    await expect.poll(() => steps.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await steps.innerText()).toContain('curl -fsSL https://ollama.com/install.sh | sh');
    expect(await models.getByRole('status').first().innerText()).toMatch(/Ollama is not running at http:\/\/127\.0\.0\.1:\d+/);
    await screenshot(page, 'models-install');
  });

  it('downloads a recommended chat model with progress once Ollama runs', async () => {
    await page.getByRole('textbox', { name: 'Ollama address' }).fill(ollama.url);
    await page.getByRole('button', { name: 'Save Ollama address' }).click();
    const models = page.getByRole('region', { name: 'Local models' });
    const recommended = models.getByRole('list', { name: 'Recommended models' });
    await expect.poll(() => recommended.isVisible(), { timeout: 20_000 }).toBe(true);
    await recommended.getByRole('button', { name: 'Download llama3.2' }).click();

    const download = models.getByRole('listitem', { name: 'Download of llama3.2' });
    const bar = download.getByRole('progressbar', { name: 'Downloading llama3.2' });
    await expect.poll(() => bar.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/pulling [0-9a-f]{12}/);
    await screenshot(page, 'models-downloading');
    await expect.poll(() => download.innerText(), { timeout: 20_000 }).toMatch(/Installed: Quarry answers with it from now on/);
    await expect.poll(() => models.getByRole('list', { name: 'Installed models' }).innerText()).toMatch(/llama3\.2/);
    expect(ollama.received('/api/pull').map((request) => (request.body as { name: string }).name)).toEqual(['llama3.2']);
  });

  it('answers the next question with the downloaded model', async () => {
    await nav('Chat').click();
    const question = page.getByRole('textbox', { name: 'Ask a question' });
    await question.fill('What Mach number does the blowdown tunnel reach?');
    await question.press('Enter');
    const route = page.getByRole('group', { name: 'Route' });
    await expect.poll(() => route.count(), { timeout: 30_000 }).toBe(1);
    expect(await route.innerText()).toMatch(/^Ollama · llama3\.2 — /);
    expect(await page.locator('.answer-text').innerText()).toMatch(/Mach 4/);
    expect(ollama.received('/api/chat')).toHaveLength(1);
  });

  it('shows the route on one line, with its details on demand', async () => {
    const route = page.getByRole('group', { name: 'Route' });
    const line = route.locator('.route-line');
    const box = await line.boundingBox();
    const lineHeight = await line.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight) || 20);
    expect(box!.height).toBeLessThan(lineHeight * 1.5);
    expect(await route.getByRole('list', { name: 'Route details' }).count()).toBe(0);
    await route.getByRole('button', { name: 'Details' }).click();
    const details = route.getByRole('list', { name: 'Route details' });
    expect(await details.innerText()).toMatch(/Tried ollama · llama3\.2: answered/);
    await route.getByRole('button', { name: 'Hide details' }).click();
    expect(await details.count()).toBe(0);
  });

  it('regenerates in place: one answer, asked again', async () => {
    const before = ollama.received('/api/chat').length;
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => ollama.received('/api/chat').length, { timeout: 30_000 }).toBe(before + 1);
    await expect.poll(() => page.getByRole('group', { name: 'Route' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('article').count()).toBe(1);
    expect(await page.locator('.answer-text').innerText()).toMatch(/Mach 4/);
  });

  it('closes the source panel with Escape', async () => {
    await page.getByRole('button', { name: /^Source 1: / }).click();
    const panel = page.getByRole('complementary', { name: 'Source 1' });
    await expect.poll(() => panel.locator('mark').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('makes a downloaded embedding model the library’s embedder in one step', async () => {
    await nav('Settings').click();
    const models = page.getByRole('region', { name: 'Local models' });
    await models.getByRole('button', { name: 'Download nomic-embed-text' }).click();
    const download = models.getByRole('listitem', { name: 'Download of nomic-embed-text' });
    const use = download.getByRole('button', { name: 'Use nomic-embed-text as the library’s embedder' });
    await expect.poll(() => use.isVisible(), { timeout: 30_000 }).toBe(true);
    await use.click();
    const embedder = page.getByRole('region', { name: 'Embedder' });
    await expect
      .poll(() => embedder.getByRole('status').innerText(), { timeout: 60_000 })
      .toMatch(/ollama.*nomic-embed-text.* is now in use/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildReportPdf, buildSampleDocx } from '../fixtures/ingest/build-documents';
import { buildRenderer } from './support/build-renderer';
import { dropFiles, launchChromium, screenshot, type DroppedFile } from './support/browser';
import { startQuarry, type RunningQuarry } from './support/serve';
import { unnamedControls } from './support/accessibility';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama-server';
import { tempDir } from '../helpers/temp';

/**
 * The browser build of the UI against a real `quarry serve` on a temporary library, driven in
 * Debian's Chromium the way a person uses it. The tests run in order and share one library.
 */
describe('Quarry in the browser', () => {
  let dataDir: string;
  let quarry: RunningQuarry;
  let ollama: FakeOllama;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    buildRenderer();
    dataDir = tempDir('quarry-e2e-');
    // A protocol-faithful Ollama on loopback: answers stream a word at a time, as a real model's do.
    ollama = await startFakeOllama();
    ollama.fail('/api/chat', { tokenDelayMs: 25 });
    [quarry, browser] = await Promise.all([startQuarry(dataDir), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1360, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    await page.goto(quarry.openUrl);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await quarry?.stop();
    await ollama?.close();
  });

  it('signs in from the printed address and invites a first drop on an empty library', async () => {
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Your library is empty' }).isVisible()).toBe(true);
    await screenshot(page, 'library-empty');
  });

  it('connects to Ollama from Settings: address saved, connection tested, models listed', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('textbox', { name: 'Ollama address' }).fill(ollama.url);
    await page.getByRole('button', { name: 'Save Ollama address' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Save Ollama address' }).isDisabled()).toBe(true);
    const ollamaCard = page.locator('.provider').first();
    await ollamaCard.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => ollamaCard.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/^Connected.*models/);
    const preferred = page.getByRole('combobox', { name: 'Preferred Ollama chat model' });
    await expect.poll(() => preferred.locator('option').allInnerTexts()).toContainEqual(expect.stringMatching(/^llama3\.2/));
    await screenshot(page, 'settings-providers');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Library/ })
      .click();
  });

  it('ingests a dropped PDF, DOCX and Markdown file while a broken one fails with its reason', async () => {
    const files: DroppedFile[] = [
      { name: 'risk-report.pdf', type: 'application/pdf', bytes: await buildReportPdf() },
      {
        name: 'supplier-review.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes: await buildSampleDocx(),
      },
      {
        name: 'glossary.md',
        type: 'text/markdown',
        bytes: Buffer.from('# Glossary\n\n## Hedging\n\nHedging offsets a currency or commodity exposure with an opposite position.\n'),
      },
      { name: 'damaged.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.7\nthis file was cut off in transfer') },
    ];
    await dropFiles(page, files);

    const job = page.getByRole('listitem', { name: 'Ingestion into default' });
    await expect.poll(() => job.getByRole('progressbar').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => job.getByText('Finished').isVisible(), { timeout: 30_000 }).toBe(true);
    const bar = job.getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBe(await bar.getAttribute('aria-valuemax'));
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/4 of 4 files · 3 added · 1 failed/);

    const failures = job.getByRole('list', { name: 'Files that could not be added' });
    expect(await failures.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/damaged\.pdf.*\S/s)]);

    await job.getByRole('button', { name: 'Show 4 files' }).click();
    const perFile = job.getByRole('list', { name: 'Files of the ingestion into default' });
    await expect.poll(() => perFile.getByRole('listitem').count()).toBe(4);
    expect(await perFile.getByRole('listitem').filter({ hasText: 'glossary.md' }).innerText()).toMatch(/Added · 1 passage$/);
    expect(await perFile.getByRole('listitem').filter({ hasText: 'damaged.pdf' }).innerText()).toMatch(/Failed/);

    const table = page.getByRole('table', { name: 'Documents in the library' });
    await expect.poll(() => table.getByRole('row').count(), { timeout: 10_000 }).toBe(4);
    const rows = (await table.getByRole('rowheader').allInnerTexts()).join('\n');
    expect(rows).toMatch(/risk-report\.pdf/);
    expect(rows).toMatch(/supplier-review\.docx/);
    expect(rows).toMatch(/glossary\.md/);
    expect(rows).not.toMatch(/damaged/);
    await screenshot(page, 'library');
  });

  it('filters the document list by type and by text', async () => {
    await page.getByRole('combobox', { name: 'Filter by type' }).selectOption('pdf');
    const table = page.getByRole('table', { name: 'Documents in the library' });
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await page.getByRole('combobox', { name: 'Filter by type' }).selectOption('');
    await page.getByRole('searchbox', { name: 'Search documents' }).fill('glossary');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search documents' }).fill('');
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
  });

  it('streams an answer, shows its route, and opens a citation at the highlighted passage', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
    // Record every state of the answer text the page shows, to see it grow while tokens arrive.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { answerStates: string[] }).answerStates = seen;
      new MutationObserver(() => {
        const text = document.querySelector('.answer-text')?.textContent ?? '';
        if (text !== seen.at(-1)) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const question = page.getByRole('textbox', { name: 'Ask a question' });
    await question.fill('How much did copper prices fall in August?');
    await question.press('Enter');

    const route = page.getByLabel('Route');
    await expect.poll(() => route.count(), { timeout: 30_000 }).toBe(1);
    expect(await route.innerText()).toMatch(/^Ollama · llama3\.2 — \S+/);
    const answer = (await page.locator('.answer-text').innerText()).trim();
    expect(answer).toMatch(/twelve percent/);
    const states = await page.evaluate(() => (window as unknown as { answerStates: string[] }).answerStates);
    // The text grew a few words at a time, each state extending the one before.
    expect(states.length).toBeGreaterThan(3);
    for (const [index, state] of states.slice(1).entries()) expect(state.startsWith(states[index]!)).toBe(true);
    expect(answer.replace(/\s+/g, ' ')).toBe(states.at(-1)!.trim().replace(/\s+/g, ' '));

    const chip = page.getByRole('button', { name: /^Source 1: .+, page 2$/ });
    await chip.click();
    const panel = page.getByRole('complementary', { name: 'Source 1' });
    await expect.poll(() => panel.locator('mark').count()).toBe(1);
    expect(await panel.locator('mark').innerText()).toMatch(/twelve percent/);
    expect(await panel.innerText()).toMatch(/Page 2/);
    expect(await panel.innerText()).toMatch(/risk-report\.pdf/);
    await screenshot(page, 'chat');
  });

  it('answers with the model chosen for one question, and says so under the answer', async () => {
    await page.getByRole('combobox', { name: 'Model for this question' }).selectOption('extractive');
    const question = page.getByRole('textbox', { name: 'Ask a question' });
    await question.fill('Which supplier is kept as the main supplier?');
    await question.press('Enter');
    const routes = page.getByLabel('Route');
    await expect.poll(() => routes.count(), { timeout: 30_000 }).toBe(2);
    expect(await routes.nth(1).innerText()).toMatch(/^Extractive · /);
    expect(await page.locator('.answer-text').nth(1).innerText()).toMatch(/Acme Metals/);
    await page.getByRole('combobox', { name: 'Model for this question' }).selectOption('');
  });

  it('stores thumbs down with a comment on the answer', async () => {
    const first = page.getByRole('article').first();
    await first.getByRole('button', { name: 'Bad answer' }).click();
    await first.getByRole('textbox', { name: 'Comment on this answer' }).fill('Should name the smelting unit');
    await first.getByRole('button', { name: 'Save comment' }).click();
    await expect.poll(() => first.getByText('Thanks — saved with this answer.').isVisible()).toBe(true);
    expect(await first.getByRole('button', { name: 'Bad answer' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('cancels an ingestion that is under way', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('combobox', { name: 'Collection for new files' }).fill('bulk');
    const paragraph = 'Laminar flow over a flat plate turns turbulent as the Reynolds number grows along the surface. ';
    // Enough work (~8,000 passages) that the job is still running when Cancel is clicked on a fast machine.
    const many: DroppedFile[] = Array.from({ length: 200 }, (_, index) => ({
      name: `bulk-${index}.md`,
      type: 'text/markdown',
      bytes: Buffer.from(`# Note ${index}\n\n${`${paragraph}Section ${index}.\n\n`.repeat(400)}`),
    }));
    await dropFiles(page, many);
    const job = page.getByRole('listitem', { name: 'Ingestion into bulk' });
    const cancel = job.getByRole('button', { name: 'Cancel ingestion' });
    await expect.poll(() => cancel.isVisible(), { timeout: 20_000 }).toBe(true);
    await cancel.click();
    await expect.poll(() => job.getByText('Cancelled').isVisible(), { timeout: 20_000 }).toBe(true);
    const summary = await job.getByRole('progressbar').getAttribute('aria-valuetext');
    const added = Number(/(\d+) added/.exec(summary ?? '')?.[1]);
    expect(added).toBeLessThan(200);
  });

  it('keeps settings across a reload: theme and a private collection', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Dark' }).check();
    const privateSwitch = page.getByRole('switch', { name: 'Keep “default” private' });
    await privateSwitch.check();
    await expect.poll(() => privateSwitch.isChecked()).toBe(true);
    await expect.poll(() => privateSwitch.isDisabled()).toBe(false);

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Settings', level: 1 }).isVisible()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => page.getByRole('switch', { name: 'Keep “default” private' }).isChecked()).toBe(true);
    await screenshot(page, 'settings');
  });

  it('lists the stored conversation after the reload and resumes it with its answers', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
    const conversations = page.getByRole('navigation', { name: 'Conversations' });
    const stored = conversations.getByRole('button', { name: 'How much did copper prices fall in August?' });
    await expect.poll(() => stored.count()).toBe(1);
    await stored.click();
    await expect.poll(() => page.getByRole('article').count()).toBe(2);
    expect(await page.getByRole('article').first().getByLabel('Route').innerText()).toMatch(/^Ollama · llama3\.2/);
    expect(await page.getByRole('article').first().getByRole('button', { name: 'Bad answer' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'chat-resumed');
  });

  it('serves a repeated question from the cache and says so under the answer', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
    const routes: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      await page.getByRole('button', { name: 'New chat' }).click();
      const question = page.getByRole('textbox', { name: 'Ask a question' });
      await question.fill('What does hedging offset?');
      await question.press('Enter');
      const route = page.getByLabel('Route');
      await expect.poll(() => route.count(), { timeout: 30_000 }).toBe(1);
      routes.push(await route.innerText());
    }
    expect(routes[0]).not.toMatch(/from cache/);
    expect(routes[1]).toMatch(/from cache/);
  });

  it('switches the embedder to an Ollama model and follows the re-index to the end', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const embedder = page.getByRole('region', { name: 'Embedder' });
    await embedder.getByRole('combobox', { name: 'Embedder to switch to' }).selectOption({ label: 'Ollama · nomic-embed-text' });
    await embedder.getByRole('button', { name: 'Switch embedder' }).click();
    await expect.poll(() => embedder.getByRole('status').innerText(), { timeout: 60_000 }).toMatch(/is now in use/);
    const bar = embedder.getByRole('progressbar', { name: 'Re-index progress' });
    expect(await bar.getAttribute('aria-valuenow')).toBe(await bar.getAttribute('aria-valuemax'));
    await page.reload();
    await expect.poll(() => embedder.innerText(), { timeout: 10_000 }).toMatch(/In use: ollama/);
  });

  it('names every control on the Chat, Library and Settings screens for screen readers', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const screen of ['Chat', 'Library', 'Settings']) {
      await nav.getByRole('button', { name: new RegExp(`^${screen}`) }).click();
      await expect.poll(() => page.getByRole('main').isVisible()).toBe(true);
      expect({ screen, unnamed: await unnamedControls(page) }).toEqual({ screen, unnamed: [] });
    }
    // The check itself must notice a control without a name.
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('button'), { id: 'unnamed-probe' })));
    expect(await unnamedControls(page)).toEqual(['button']);
    await page.evaluate(() => document.getElementById('unnamed-probe')?.remove());
  });
});

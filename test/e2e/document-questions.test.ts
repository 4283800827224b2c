import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { annualReport2022, annualReport2023, competitorBrief, servicesAgreementDocx, siteVisitNotes } from '../helpers/business-library';
import { buildRenderer } from './support/build-renderer';
import { dropFiles, launchChromium, screenshot } from './support/browser';
import { startQuarry, type RunningQuarry } from './support/serve';
import { tempDir } from '../helpers/temp';

/**
 * A new user with no model installed asks about whole documents: a summary of the services agreement
 * and a comparison of two annual reports, answered by the extractive answerer over the whole files.
 */
describe('questions about whole documents in the browser, with no model', () => {
  let dataDir: string;
  let quarry: RunningQuarry;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    buildRenderer();
    dataDir = tempDir('quarry-e2e-documents-');
    // Nothing listens on port 9: Ollama is not installed, as for a new user.
    [quarry, browser] = await Promise.all([startQuarry(dataDir, { OLLAMA_HOST: 'http://127.0.0.1:9' }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
    await page.goto(quarry.openUrl);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await quarry?.stop();
  });

  it('adds the business library', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
    const markdown = (name: string, text: string) => ({ name, type: 'text/markdown', bytes: Buffer.from(text) });
    await dropFiles(page, [
      markdown('annual-report-2022.md', annualReport2022),
      markdown('annual-report-2023.md', annualReport2023),
      markdown('site-visit-notes.md', siteVisitNotes),
      markdown('competitor-brief.md', competitorBrief),
      {
        name: 'services-agreement.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes: await servicesAgreementDocx(),
      },
    ]);
    const job = page.getByRole('listitem', { name: 'Ingestion into default' });
    await expect.poll(() => job.getByText('Finished').isVisible(), { timeout: 30_000 }).toBe(true);
    const table = page.getByRole('table', { name: 'Documents in the library' });
    await expect.poll(() => table.getByRole('row').count(), { timeout: 10_000 }).toBe(6);
  });

  async function ask(question: string, index: number): Promise<string> {
    const box = page.getByRole('textbox', { name: 'Ask a question' });
    await box.fill(question);
    await box.press('Enter');
    const routes = page.getByLabel('Route');
    await expect.poll(() => routes.count(), { timeout: 30_000 }).toBe(index + 1);
    expect(await routes.nth(index).innerText()).toMatch(/^Extractive/);
    return page.locator('.answer-text').nth(index).innerText();
  }

  it('summarises the agreement section by section, and a citation opens its passage', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
    const answer = await ask('Summarize the agreement', 0);
    expect(answer).toMatch(/^Summary of services-agreement\.docx:/);
    const sections = ['Term', 'Services:', 'Termination for convenience:', 'Fees:'].map((s) => answer.indexOf(s));
    expect(sections.every((at) => at >= 0)).toBe(true);
    expect(sections).toEqual([...sections].sort((a, b) => a - b));
    expect(answer).toContain('Either party may terminate this agreement for convenience');

    await page.getByRole('button', { name: /^Source 3: / }).click();
    const panel = page.getByRole('complementary', { name: 'Source 3' });
    await expect.poll(() => panel.locator('mark').count()).toBe(1);
    expect(await panel.locator('mark').innerText()).toMatch(/ninety \(90\) days/);
    expect(await panel.innerText()).toMatch(/services-agreement\.docx/);
    await screenshot(page, 'document-summary');
  });

  it('puts the 2022 and 2023 reports side by side', async () => {
    const answer = await ask('Compare the 2022 and 2023 reports', 1);
    expect(answer).toMatch(/^Annual report 2022 and Annual report 2023 side by side/);
    expect(answer).toContain('On Operating margin:');
    expect(answer).toMatch(/Annual report 2022: The operating margin was 9\.2% in 2022/);
    expect(answer).toMatch(/Annual report 2023: The operating margin fell from 9\.2% to 7\.6% in 2023/);
    await screenshot(page, 'document-comparison');
  });
});

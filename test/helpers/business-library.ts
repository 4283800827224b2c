import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

/**
 * A small business library like the one issue 11 was found on: two annual reports, a services
 * agreement as a real DOCX, site-visit notes and a competitor brief. Written by hand for the tests.
 */
export const annualReport2022 = `# Annual report 2022

## Highlights

Revenue rose to £41.2 million in 2022, up 6% on 2021, as two new regional contracts started.
The fleet grew to 212 vehicles.

## Operating margin

The operating margin was 9.2% in 2022, helped by stable fuel costs and full depots.

## People

Headcount reached 640 employees, and staff turnover fell to 11%.

## Outlook for 2023

We expect revenue to grow in 2023 while fuel prices remain uncertain.
`;

export const annualReport2023 = `# Annual report 2023

## Highlights

Revenue grew to £44.0 million in 2023, up 7% on 2022, driven by the Leeds depot.
The fleet grew to 230 vehicles.

## Operating margin

The operating margin fell from 9.2% to 7.6% in 2023, mainly because of higher diesel prices and overtime at Leeds.

## People

Headcount reached 701 employees, while staff turnover rose to 14%.

## Outlook for 2024

We expect the margin to recover in 2024 as new electric vans replace diesel ones.
`;

export const siteVisitNotes = `# Site visit notes

## Leeds, 12 October 2023

Overtime at Leeds averaged 14 hours per driver per month, twice the company average.
The depot manager said two routes are understaffed since the summer.

## Bristol, 19 October 2023

Bristol runs without overtime; the new scheduling tool cut idle time by a fifth.
`;

export const competitorBrief = `# Competitor brief: Northway Logistics

Northway Logistics opened a depot in Sheffield in 2023 and now bids for the same regional contracts.
Its prices are about 5% lower than ours on long routes.
`;

/** The services agreement as a Word document, with headings as Word heading styles. */
export async function servicesAgreementDocx(): Promise<Buffer> {
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
  const body = (text: string) => new Paragraph({ text });
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Services Agreement', heading: HeadingLevel.TITLE }),
          heading('Term'),
          body('This agreement starts on 1 March 2023 and runs for three years unless it is terminated earlier.'),
          heading('Services'),
          body('The supplier delivers parcels for the customer from the Leeds and Bristol depots on weekdays.'),
          heading('Termination for convenience'),
          body("Either party may terminate this agreement for convenience by giving ninety (90) days' written notice to the other party."),
          heading('Fees'),
          body('The customer pays a monthly fee of £18,500, reviewed each year in line with fuel costs.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** Writes the library's files into `folder`; returns their paths by name. */
export async function writeBusinessLibrary(folder: string): Promise<Record<string, string>> {
  mkdirSync(folder, { recursive: true });
  const files: Record<string, string | Buffer> = {
    'annual-report-2022.md': annualReport2022,
    'annual-report-2023.md': annualReport2023,
    'site-visit-notes.md': siteVisitNotes,
    'competitor-brief.md': competitorBrief,
    'services-agreement.docx': await servicesAgreementDocx(),
  };
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    paths[name] = join(folder, name);
    writeFileSync(paths[name], content);
  }
  return paths;
}

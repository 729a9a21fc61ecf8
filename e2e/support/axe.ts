import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core on the page as it is now, every rule axe ships (WCAG 2.0–2.2 A/AA and best practices):
 * the test fails on any violation, listed with the elements it concerns.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const audit = await new AxeBuilder({ page }).analyze();
  const found = audit.violations.map(
    (violation) => `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(found, `axe violations on the ${screen} screen`).toEqual([]);
}

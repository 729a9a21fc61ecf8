import type { MatcherFunction } from '@testing-library/react';

/**
 * A getByText matcher for a whole sentence whose outside values are in <bdi>s (src/i18n/rich-message.tsx): the
 * default matcher reads only an element's own text nodes, so "Time left: <bdi>5 min</bdi>" would never match.
 * Matches the innermost element whose whole text is the sentence.
 */
export function sentence(expected: string | RegExp): MatcherFunction {
  const matches = (text: string | null) => (typeof expected === 'string' ? text === expected : text !== null && expected.test(text));
  return (_content, element) =>
    element !== null && matches(element.textContent) && ![...element.children].some((child) => matches(child.textContent));
}

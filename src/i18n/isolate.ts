/**
 * Unicode's directional isolates (UAX #9): U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE. Text
 * between them takes its direction from its own first strong letter and leaves the sentence around it alone, so a
 * file name like "2024-06 (1).jpg" inside an Arabic sentence keeps its order and does not drag the sentence's
 * punctuation with it. For strings where markup cannot go (aria-label, title, document.title, an email subject);
 * visible text uses <bdi> instead (rich-message.tsx).
 */
export const FSI = '\u2068';
export const PDI = '\u2069';

export const isolate = (text: string): string => `${FSI}${text}${PDI}`;

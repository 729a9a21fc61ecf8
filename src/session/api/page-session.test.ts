import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { sessionJson } from '../../test/session-fixtures';
import { parsePageSession } from './page-session';

/** The valibot schema the page used before the hand-written check: the reference the two must agree with. */
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const referenceSchema = v.object({
  id: v.string(),
  status: v.picklist(['pending', 'active', 'completed', 'expired']),
  expiresAt: v.pipe(
    v.string(),
    v.check((value) => !Number.isNaN(Date.parse(value))),
    v.transform((value) => Date.parse(value)),
  ),
  tags: v.optional(v.array(v.string()), []),
  imagesPerSession: count,
  effectiveMaxImages: count,
  effectiveAllowedMimeTypes: v.pipe(v.array(v.string()), v.minLength(1)),
  effectiveMaxImageDimension: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  password_protected: v.boolean(),
  imagesCount: count,
  effectiveMaxImageSizeBytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  label: v.nullish(v.string()),
  e2ePublicKey: v.nullish(v.string()),
  e2eAllowDowngrade: v.optional(v.boolean()),
});

const reference = (value: unknown) => {
  const parsed = v.safeParse(referenceSchema, value);
  return parsed.success ? { success: true, output: parsed.output } : { success: false };
};

/** Values a field might wrongly (or rightly) hold: every JSON kind, and the edges of the checks. */
const anyValue = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -0, 1, -1, 0.5, 2048, Number.MAX_SAFE_INTEGER, '', 'x', 'active', 'paused'),
  fc.constantFrom('2030-01-01T12:00:00.000Z', 'tomorrow', [], ['image/jpeg'], [1], ['a', null], {}, { valid: true }),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
);
const FIELDS = Object.keys(referenceSchema.entries);

describe('parsePageSession', () => {
  it('accepts what the server sends, and gives the same session as the valibot schema', () => {
    const json = sessionJson({ label: 'Kitchen', e2ePublicKey: 'key', e2eAllowDowngrade: false, unknownField: 1 });
    const parsed = parsePageSession(json);
    expect(parsed.success).toBe(true);
    expect(parsed).toStrictEqual(reference(json));
  });

  it('agrees with the valibot schema on answers with fields changed, removed or added (generated)', () => {
    const answer = fc
      .record({
        changes: fc.dictionary(fc.constantFrom(...FIELDS, 'extra'), anyValue, { maxKeys: 3 }),
        removed: fc.subarray(FIELDS, { maxLength: 2 }),
      })
      .map(({ changes, removed }) => {
        const json = sessionJson(changes);
        for (const field of removed) delete json[field];
        return json;
      });
    fc.assert(
      fc.property(answer, (json) => {
        expect(parsePageSession(json)).toStrictEqual(reference(json));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps an optional field the answer has, even undefined, and leaves out one it has not (as valibot does)', () => {
    const withLabel = parsePageSession(sessionJson({ label: undefined }));
    expect(withLabel.success && 'label' in withLabel.output).toBe(true);
    const { label: _label, ...withoutLabel } = sessionJson();
    const parsed = parsePageSession(withoutLabel);
    expect(parsed.success && 'label' in parsed.output).toBe(false);
    expect(parsed).toStrictEqual(reference(withoutLabel));
  });

  it.each([null, undefined, 'session', 42, [], true])('refuses %o, as the valibot schema does', (value) => {
    expect(parsePageSession(value)).toStrictEqual({ success: false });
    expect(reference(value)).toStrictEqual({ success: false });
  });
});

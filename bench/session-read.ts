import * as v from 'valibot';

const PageSession = v.object({ id: v.string(), status: v.string(), imagesCount: v.number() });

/** imagesCount of each session, read through the page route (what the phone sees). */
export async function sessionImageCounts(origin: string, ids: string[]): Promise<number[]> {
  const counts: number[] = [];
  for (const id of ids) {
    const response = await fetch(`${origin}/api/v1/upload/${id}/session`);
    if (!response.ok) throw new Error(`session read answered ${response.status}`);
    counts.push(v.parse(PageSession, await response.json()).imagesCount);
  }
  return counts;
}

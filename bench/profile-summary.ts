import fs from 'node:fs';
import * as v from 'valibot';

/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [uploads] [function names…]`: where the server's CPU went,
 * per upload. Prints the top functions by self time, then the total (inclusive) time of each named function,
 * e.g. `commitImage planDeliveries receiveFile`: the figures of BENCHMARKS.md's ingest breakdown.
 */
const Node = v.object({
  id: v.number(),
  callFrame: v.object({ functionName: v.string(), url: v.string(), lineNumber: v.number() }),
  children: v.optional(v.array(v.number())),
});
const Profile = v.object({
  nodes: v.array(Node),
  samples: v.array(v.number()),
  timeDeltas: v.array(v.number()),
});

function main(): void {
  const [file, uploadsArg, ...names] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-summary <file.cpuprofile> [uploads] [function names…]');
  const uploads = Number(uploadsArg ?? 1);
  const profile = v.parse(Profile, JSON.parse(fs.readFileSync(file, 'utf8')));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const label = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return '?';
    const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/(node_modules\/|server\/|bench\/)/, '$1')}:${frame.lineNumber + 1}`;
    return `${frame.functionName || '(anonymous)'}${where}`;
  };

  const selfByLabel = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    if (byId.get(id)?.callFrame.functionName === '(idle)') idleUs += us;
    selfByLabel.set(label(id), (selfByLabel.get(label(id)) ?? 0) + us);
  }
  const perUpload = (us: number) => `${(us / 1000 / uploads).toFixed(2).padStart(7)} ms`;
  console.log(`profile: ${(totalUs / 1e6).toFixed(1)} s, idle ${(idleUs / 1e6).toFixed(1)} s; per upload (÷${uploads}), busy ${perUpload(totalUs - idleUs)}`);
  console.log('\ntop self time:');
  for (const [name, us] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${perUpload(us)}  ${name}`);

  if (names.length === 0) return;
  console.log('\ninclusive time (a sample counts once per name even under recursion):');
  for (const name of names) {
    let us = 0;
    for (const [id, sampleUs] of selfUs) {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        if (byId.get(at)?.callFrame.functionName === name) {
          us += sampleUs;
          break;
        }
      }
    }
    console.log(`${perUpload(us)}  ${name}`);
  }
}

main();

// Loaded with `--import` (NODE_OPTIONS) by bench/profile-ingest.ts: Node 20 refuses --cpu-prof in NODE_OPTIONS,
// so the profiler runs through the inspector. It starts at SIGUSR2 (sent after start-up and warm-up, so that
// module loading is not counted) and the profile is written when the process exits.
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const outDir = process.env.QRDROP_CPU_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
process.once('SIGUSR2', () => session.post('Profiler.start'));
// The in-thread inspector session answers synchronously, so this works inside an 'exit' handler.
process.on('exit', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    fs.writeFileSync(path.join(outDir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});

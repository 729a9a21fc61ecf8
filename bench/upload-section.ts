import { addBaselinePages } from './baseline-pages';
import { type BrowserPlan, FAST_UPLINK, MOBILE_PROFILE, TARGETS } from './bench-config';
import { launchChromium, type Throttle } from './browser';
import { type Fixture, phonePhoto } from './fixtures';
import { fmtMb, fmtRatio, fmtSeconds, overBy } from './format';
import { buildPage } from './page-build';
import { progress } from './progress';
import { startQrdrop } from './qrdrop-server';
import type { SectionResult, TargetCheck } from './results';
import { ratio } from './stats';
import { type Uploader, uploadBatch, type UploadRun } from './upload-run';

interface Scenario {
  link: string;
  network: Throttle;
  photos: Fixture[];
  runs: { label: string; uploader: Uploader; session: Record<string, unknown> }[];
}

interface ScenarioResult {
  link: string;
  runs: (UploadRun & { label: string })[];
}

/** An integrator that wants photos no longer than 2048 px (the page resizes them before sending). */
const RESIZING_SESSION = { max_image_dimension: 2048 };
/** Default limits (20 MB, no dimension): 12 MP photos fit, so the page sends them as they are, minus GPS. */
const DEFAULT_SESSION = {};

/**
 * Section 4: photos selected at once, from selection to all confirmed by the server, through an emulated uplink,
 * against the bandwidth limit of the bytes actually sent and against a plain uploader sending the originals.
 */
export async function uploadSection(plan: BrowserPlan): Promise<SectionResult> {
  const started = performance.now();
  const photos = Array.from({ length: Math.max(plan.uploadFastPhotos, plan.uploadSlowPhotos) }, (_, i) => phonePhoto(i + 1));
  const phone = { cpuSlowdown: MOBILE_PROFILE.cpuSlowdown };
  const scenarios: Scenario[] = [
    {
      link: `10 Mbps uplink, ${plan.uploadFastPhotos} photos`,
      network: { ...FAST_UPLINK, ...phone },
      photos: photos.slice(0, plan.uploadFastPhotos),
      runs: [
        { label: 'qrdrop, 2048 px session', uploader: 'qrdrop', session: RESIZING_SESSION },
        ...(plan.uploadDefaultSession ? [{ label: 'qrdrop, default session', uploader: 'qrdrop' as const, session: DEFAULT_SESSION }] : []),
        { label: 'plain uploader, originals', uploader: 'plain', session: DEFAULT_SESSION },
      ],
    },
    {
      link: `slow 4G (750 kbps up), ${plan.uploadSlowPhotos} photos`,
      network: { ...MOBILE_PROFILE },
      photos: photos.slice(0, plan.uploadSlowPhotos),
      runs: [
        { label: 'qrdrop, 2048 px session', uploader: 'qrdrop', session: RESIZING_SESSION },
        ...(plan.uploadSlowPlain ? [{ label: 'plain uploader, originals', uploader: 'plain' as const, session: DEFAULT_SESSION }] : []),
      ],
    },
  ];
  const dist = buildPage();
  addBaselinePages(dist);
  const server = await startQrdrop({ distDir: dist });
  const browser = await launchChromium();
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of scenarios) {
      const runs: ScenarioResult['runs'] = [];
      for (const run of scenario.runs) {
        progress(`upload: ${scenario.link}: ${run.label}`);
        runs.push({ label: run.label, ...(await uploadBatch(browser, server, run.uploader, scenario.photos, scenario.network, run.session, plan.uploadDeadlineMs)) });
      }
      results.push({ link: scenario.link, runs });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return report(results, photos, plan, durationSince(started));
}

const durationSince = (started: number) => performance.now() - started;

function report(results: ScenarioResult[], photos: Fixture[], plan: BrowserPlan, durationMs: number): SectionResult {
  const rows = results.flatMap((scenario) => {
    const plain = scenario.runs.find((r) => r.uploader === 'plain');
    return scenario.runs.map((run) => [
      scenario.link,
      run.label,
      fmtMb(run.sentBytes),
      fmtSeconds(run.ms),
      fmtSeconds(run.limitMs),
      fmtRatio(ratio(run.ms, run.limitMs)),
      `${fmtSeconds(run.firstSendMs)} / ${fmtSeconds(run.lastSendMs)}`,
      `${fmtSeconds(run.linkIdleMs)} / ${run.mostInFlight}`,
      run.uploader === 'plain' ? '—' : [run.phases.checking, run.phases.compressing, run.phases.sending].map(fmtSeconds).join(' / '),
      run === plain || plain === undefined ? '—' : fmtRatio(ratio(run.ms, plain.ms)),
    ]);
  });
  const qrdropRuns = results.flatMap((s) => s.runs.filter((r) => r.uploader === 'qrdrop').map((run) => ({ link: s.link, run, value: ratio(run.ms, run.limitMs) })));
  const worst = qrdropRuns.reduce<(typeof qrdropRuns)[number] | undefined>((a, b) => (a === undefined || b.value > a.value ? b : a), undefined);
  const target: TargetCheck =
    worst === undefined
      ? { name: 'Upload time vs bandwidth limit', target: `≤ ${TARGETS.uploadRatio}×`, measured: 'n/a', met: null }
      : {
          name: 'Upload time vs bandwidth limit (worst qrdrop run)',
          target: `≤ ${TARGETS.uploadRatio}×`,
          measured: `${fmtRatio(worst.value)} (${worst.link}, ${worst.run.label})`,
          met: worst.value <= TARGETS.uploadRatio,
          ...(worst.value <= TARGETS.uploadRatio ? {} : { note: overBy(worst.value, TARGETS.uploadRatio) }),
        };
  return {
    id: 'upload',
    title: 'Upload end to end',
    status: 'ok',
    tables: [
      {
        caption: 'Emulated Pixel 7, 4× CPU, DevTools network throttling (150 ms latency); time from handing the page the files to the last image:ready from the server; limit = bytes sent / uplink',
        columns: ['link', 'uploader', 'sent', 'time', 'limit', 'time/limit', 'first / last send starts', 'link idle / most sends at once', '1st photo pick → optimizing / per photo: optimizing, sending', 'vs plain'],
        rows,
      },
    ],
    targets: [target],
    notes: [
      ...(plan.uploadDefaultSession ? [] : ['quick mode: the default-session run (photos sent as they are) is left out; full mode runs it']),
      ...(plan.uploadSlowPlain ? [] : ['quick mode: the plain uploader on slow 4G (about a minute per photo) is left out; full mode runs it']),
      'page phases, from the statuses the page shows: picking → the first photo\'s "Optimizing…" (what the ready screen\'s prefetch of the engine has not fetched yet, keeping the originals, type check, size probe; one or two photos prepared at a time by the device\'s cores), then per photo (median) "Optimizing…" → "Sending…" and "Sending…" → "Sent"',
      'link idle: from the first upload request to the last answer, the time with no upload on its way (the page had nothing ready to send); most sends at once: upload requests on their way together',
      `photos: ${photos.length} distinct 12 MP JPEGs (4032×3024, EXIF orientation 6, GPS), ${photos.map((p) => fmtMb(p.bytes)).join(', ')}`,
    ],
    data: { results },
    durationMs,
  };
}

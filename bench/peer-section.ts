import { addBaselinePages } from './baseline-pages';
import { type BrowserPlan, FAST_UPLINK, MOBILE_PROFILE, TARGETS } from './bench-config';
import { launchChromium, type Throttle } from './browser';
import { phonePhoto } from './fixtures';
import { fmtKb, fmtMb, fmtMs, fmtRatio, fmtSeconds, overBy } from './format';
import { usableByCounts } from './load-section';
import { buildPage } from './page-build';
import { addPeerPages, type Arrival, type PageBytes, pageBytesBeforePick, peerUpload, type PeerUploadRun, type Side, SIDES } from './peer-run';
import { progress } from './progress';
import { startQrdrop } from './qrdrop-server';
import type { SectionResult, TargetCheck } from './results';
import { max, median, ratio } from './stats';
import { timeToUsable, type UsableRun } from './time-to-usable';

type SideName = Side['name'];
type PerSide<T> = Record<SideName, T>;

const perSide = <T>(make: () => T): PerSide<T> => ({ qrdrop: make(), Uppy: make(), FilePond: make() });

/** An integrator that wants photos no longer than 2048 px: qrdrop resizes to the session's limit, the peers are set to 2048. */
const SESSION = { max_image_dimension: 2048 };
const PHONE_10MBPS: Throttle = { ...FAST_UPLINK, cpuSlowdown: MOBILE_PROFILE.cpuSlowdown };
const PHONE_SLOW_4G: Throttle = { ...MOBILE_PROFILE };

interface PeerData {
  weight: PerSide<PageBytes | undefined>;
  usableSlow: PerSide<UsableRun[]>;
  usableFast: PerSide<UsableRun[]>;
  uploadFast: PerSide<PeerUploadRun[]>;
  uploadSlow: PerSide<PeerUploadRun[]>;
  failures: string[];
}

/**
 * Section 6 (issue 16): qrdrop next to two peers an integrator could ship instead, on the same server, network
 * and phone: Uppy 5 (Dashboard + Compressor 0.8 / 2048 px + XHRUpload, autoProceed) and FilePond 4 (validate-type,
 * EXIF orientation, resize to 2048, transform at quality 80), both written from their documentation (bench/peer-pages)
 * and bundled minified by Vite. Every figure is measured in rounds that alternate the three sides, median over
 * the rounds, and given as a ratio peer / qrdrop.
 */
export async function peerSection(plan: BrowserPlan): Promise<SectionResult> {
  const started = performance.now();
  const dist = buildPage();
  addBaselinePages(dist);
  addPeerPages(dist);
  const photos = Array.from({ length: Math.max(plan.peerFastPhotos, plan.peerSlowPhotos) }, (_, i) => phonePhoto(i + 1));
  const server = await startQrdrop({ distDir: dist });
  const browser = await launchChromium();
  const data: PeerData = {
    weight: perSide(() => undefined),
    usableSlow: perSide(() => []),
    usableFast: perSide(() => []),
    uploadFast: perSide(() => []),
    uploadSlow: perSide(() => []),
    failures: [],
  };
  // A run that breaks is reported and left out of the median, never replaced.
  const attempt = async <T>(what: string, run: () => Promise<T>, into: T[]) => {
    try {
      into.push(await run());
    } catch (error) {
      data.failures.push(`${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  };
  try {
    const usableSession = await server.createSession({ max_images: 10, ...SESSION });
    for (const side of SIDES) {
      progress(`peers: weight before a pick, ${side.name}`);
      const weighed: PageBytes[] = [];
      await attempt(`weight, ${side.name}`, () => pageBytesBeforePick(browser, dist, side.url(server.origin, usableSession)), weighed);
      data.weight[side.name] = weighed[0];
    }
    for (let round = 1; round <= plan.peerRounds; round++) {
      for (const side of SIDES) {
        const url = side.url(server.origin, usableSession);
        progress(`peers: round ${round}/${plan.peerRounds}, ${side.name}: input usable (slow 4G, 10 Mbps)`);
        await attempt(`usable slow 4G, round ${round}, ${side.name}`, () => timeToUsable(browser, url, PHONE_SLOW_4G, side.usable), data.usableSlow[side.name]);
        await attempt(`usable 10 Mbps, round ${round}, ${side.name}`, () => timeToUsable(browser, url, PHONE_10MBPS, side.usable), data.usableFast[side.name]);
      }
      for (const side of SIDES) {
        progress(`peers: round ${round}/${plan.peerRounds}, ${side.name}: ${plan.peerFastPhotos} photos at 10 Mbps`);
        const batch = photos.slice(0, plan.peerFastPhotos);
        await attempt(`upload 10 Mbps, round ${round}, ${side.name}`, () => peerUpload(browser, server, side, batch, PHONE_10MBPS, SESSION, plan.uploadDeadlineMs), data.uploadFast[side.name]);
      }
      if (plan.peerSlowPhotos > 0) {
        for (const side of SIDES) {
          progress(`peers: round ${round}/${plan.peerRounds}, ${side.name}: ${plan.peerSlowPhotos} photos on slow 4G`);
          const batch = photos.slice(0, plan.peerSlowPhotos);
          await attempt(`upload slow 4G, round ${round}, ${side.name}`, () => peerUpload(browser, server, side, batch, PHONE_SLOW_4G, SESSION, plan.uploadDeadlineMs), data.uploadSlow[side.name]);
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (SIDES.every((side) => data.usableSlow[side.name].length === 0 && data.uploadFast[side.name].length === 0)) {
    throw new Error(`every run failed: ${data.failures.join('; ')}`);
  }
  return report(data, plan, performance.now() - started);
}

const medianOf = <T>(runs: T[], pick: (run: T) => number) => median(runs.map(pick));

/** Where the photos arrived: how many upright (portrait, as held), their shown size, how many still carry GPS. */
function arrivalText(runs: PeerUploadRun[]): string {
  const arrivals: Arrival[] = runs.flatMap((run) => run.arrivals);
  if (arrivals.length === 0) return 'n/a';
  const unreadable = arrivals.filter((a) => a.error !== undefined).length;
  const read = arrivals.filter((a) => a.error === undefined);
  const upright = read.filter((a) => a.shownHeight > a.shownWidth).length;
  const gps = read.filter((a) => a.hasGps).length;
  const sizes = [...new Set(read.map((a) => `${a.shownWidth}×${a.shownHeight}${a.orientationTag === 1 ? '' : ` (EXIF ${a.orientationTag})`}`))];
  return [
    `${upright}/${arrivals.length} upright`,
    sizes.join(', '),
    gps === 0 ? 'no GPS' : `GPS kept in ${gps}/${arrivals.length}`,
    ...(unreadable > 0 ? [`${unreadable} not a readable JPEG`] : []),
  ].join('; ');
}

function report(data: PeerData, plan: BrowserPlan, durationMs: number): SectionResult {
  const figure = (label: string, value: (side: SideName) => number, show: (value: number) => string, count?: (side: SideName) => number) => {
    const q = value('qrdrop');
    const cell = (side: SideName) => `${show(value(side))}${count === undefined ? '' : ` (${count(side)})`}`;
    return [label, cell('qrdrop'), cell('Uppy'), fmtRatio(ratio(value('Uppy'), q)), cell('FilePond'), fmtRatio(ratio(value('FilePond'), q))];
  };
  const usable = (runs: PerSide<UsableRun[]>) => (side: SideName) => medianOf(runs[side], (r) => r.usableMs);
  const upload = (runs: PerSide<PeerUploadRun[]>, pick: (run: PeerUploadRun) => number) => (side: SideName) => medianOf(runs[side], pick);
  const n = (runs: PerSide<unknown[]>) => (side: SideName) => runs[side].length;
  const fast = `${plan.peerFastPhotos} photos, 10 Mbps`;
  const slow = `${plan.peerSlowPhotos} photos, slow 4G`;
  const rows = [
    figure('JS+CSS gzip before a pick (first screen + prefetch)', (side) => data.weight[side]?.gzipBytes ?? Number.NaN, fmtKb),
    figure('input usable, slow 4G, 4× CPU', usable(data.usableSlow), fmtMs, n(data.usableSlow)),
    figure('input usable, 10 Mbps, 4× CPU', usable(data.usableFast), fmtMs, n(data.usableFast)),
    figure('first contentful paint, slow 4G, 4× CPU', (side) => medianOf(data.usableSlow[side], (r) => r.firstContentfulPaintMs), fmtMs),
    figure(`pick → all stored, ${fast}`, upload(data.uploadFast, (r) => r.ms), fmtSeconds, n(data.uploadFast)),
    figure(`pick → first upload request, ${fast}`, upload(data.uploadFast, (r) => r.firstRequestMs), fmtSeconds),
    figure(`bytes stored, ${fast}`, upload(data.uploadFast, (r) => r.storedBytes), fmtMb),
    figure(`main-thread long tasks, pick → all stored, ${fast}`, upload(data.uploadFast, (r) => r.longTasks), (v) => (Number.isFinite(v) ? String(v) : 'n/a')),
    figure(`longest main-thread task, ${fast} (worst run)`, (side) => max(data.uploadFast[side].map((r) => r.longestTaskMs)), fmtMs),
    figure(`main-thread time in long tasks, ${fast}`, upload(data.uploadFast, (r) => r.longTaskTotalMs), fmtMs),
    ...(plan.peerSlowPhotos > 0
      ? [
          figure(`pick → all stored, ${slow}`, upload(data.uploadSlow, (r) => r.ms), fmtSeconds, n(data.uploadSlow)),
          figure(`pick → first upload request, ${slow}`, upload(data.uploadSlow, (r) => r.firstRequestMs), fmtSeconds),
          figure(`main-thread long tasks, ${slow}`, upload(data.uploadSlow, (r) => r.longTasks), (v) => (Number.isFinite(v) ? String(v) : 'n/a')),
        ]
      : []),
  ];
  const arrivalRows = SIDES.map((side) => [side.name, arrivalText([...data.uploadFast[side.name], ...data.uploadSlow[side.name]])]);
  const weightRows = SIDES.flatMap((side) => (data.weight[side.name]?.files ?? []).map((f) => [side.name, f.file, fmtKb(f.gzipBytes)]));
  const qUsable = usable(data.usableSlow)('qrdrop');
  const uUsable = usable(data.usableSlow)('Uppy');
  const r = ratio(qUsable, uUsable);
  const target: TargetCheck = !Number.isFinite(r)
    ? { name: 'Input usable vs Uppy (slow 4G, 4× CPU, same run)', target: `≤ ${TARGETS.usableVsUppyRatio}×`, measured: 'n/a', met: null }
    : {
        name: 'Input usable vs Uppy (slow 4G, 4× CPU, same run)',
        target: `≤ ${TARGETS.usableVsUppyRatio}×`,
        measured: `${fmtRatio(r)} (${fmtMs(qUsable)} vs ${fmtMs(uUsable)})`,
        met: r <= TARGETS.usableVsUppyRatio,
        ...(r <= TARGETS.usableVsUppyRatio ? {} : { note: overBy(r, TARGETS.usableVsUppyRatio) }),
      };
  return {
    id: 'peers',
    title: 'Peers: qrdrop vs Uppy and FilePond',
    status: 'ok',
    tables: [
      {
        caption: `Emulated Pixel 7, 4× CPU, DevTools throttling (150 ms latency; slow 4G = 1.6 Mbps down / 750 kbps up, 10 Mbps both ways), same qrdrop server and 2048 px session for all three; median over ${plan.peerRounds} round(s) alternating qrdrop, Uppy, FilePond (runs in brackets); ratio = peer / qrdrop (above 1×: qrdrop is lighter, faster, or does less on the main thread)`,
        columns: ['figure', 'qrdrop', 'Uppy', 'Uppy/qrdrop', 'FilePond', 'FilePond/qrdrop'],
        rows,
      },
      { caption: 'What arrived (downloaded as the integrator does): upright = portrait as the photos were held (4032×3024 with EXIF orientation 6)', columns: ['side', 'photos stored'], rows: arrivalRows },
      { caption: 'JS and CSS fetched before a pick (unthrottled cold load left to go quiet), gzip -9', columns: ['side', 'file', 'gzip'], rows: weightRows },
    ],
    targets: [target],
    notes: [
      'peers: Uppy 5.2 (@uppy/core 5.2.0, dashboard 5.1.1, compressor 3.1.0, xhr-upload 5.2.0; Uppy 6 needs Node 22 through its dependencies p-retry 8 and nanoid 6, the repository runs on Node 20) and FilePond 4.32.12 (file-validate-type 1.2.9, image-exif-orientation 1.0.11, image-resize 2.0.10, image-transform 3.8.8), pages in bench/peer-pages written from their documentation, bundled by Vite (minified, qrdrop\'s browser targets, precompressed .br/.gz like qrdrop\'s build), served by the same qrdrop server under /bench-baselines/peers/ (same origin as the API: no CORS); their other options are their defaults (Uppy: Dashboard thumbnails, up to 5 uploads at a time; FilePond: 2 at a time)',
      `"usable": qrdrop once "Take photo" is painted (the input keeps a pick until the boot script takes it, and that keeps it until React hydrates; a probe pick at that moment must be taken, each run; runs made usable by: slow 4G ${usableByCounts(data.usableSlow.qrdrop)}; 10 Mbps ${usableByCounts(data.usableFast.qrdrop)}); a peer once its own file input is in the page (created by its script)`,
      'uploads: every photo handed to the input at once as soon as the input is in the page (qrdrop: its painted "Choose photos", which the boot script serves before hydration); stored = the server\'s SSE image:ready; long tasks = the page\'s own PerformanceObserver (tasks over 50 ms) from the pick to the last image:ready',
      `photos: distinct 12 MP JPEGs (4032×3024, EXIF orientation 6, GPS), ${fmtMb(phonePhoto(1).bytes)} and alike`,
      ...(plan.peerSlowPhotos > 0 ? [] : ['quick mode: the slow-4G upload is left out; full mode runs it']),
      ...data.failures.map((f) => `failed and left out: ${f}`),
    ],
    data,
    durationMs,
  };
}

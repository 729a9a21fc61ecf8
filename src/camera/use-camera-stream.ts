import { useCallback, useEffect, useState } from 'react';

// Torch is in Media Capture's image-capture extension (Chromium on Android), not yet in TypeScript's DOM types.
declare global {
  interface MediaTrackCapabilities {
    torch?: boolean;
  }
  interface MediaTrackConstraintSet {
    torch?: ConstrainBoolean;
  }
}

/** Asked of the back camera: the closest the device offers to ~5 MP; the queue makes it smaller if the session says so. */
const VIDEO: MediaTrackConstraints = { width: { ideal: 2560 }, height: { ideal: 1920 } };

export type CameraStream =
  | { status: 'starting' | 'paused' }
  /** Permission refused (by the person, the browser or the embedding page's `allow`): the camera app is the way. */
  | { status: 'refused' }
  /** No API (not a secure context, an old browser), no camera, or the camera is busy or went away. */
  | { status: 'unavailable' }
  | { status: 'live'; stream: MediaStream; torch: boolean; canSwitch: boolean };

const stopAll = (stream: MediaStream | undefined) => stream?.getTracks().forEach((track) => track.stop());

const refusal = (error: unknown) =>
  error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'SecurityError') ? 'refused' : 'unavailable';

interface PolicyDocument {
  /** Chromium's name for the document's Permissions-Policy (the spec's `permissionsPolicy`). */
  featurePolicy?: { allowsFeature(feature: string): boolean };
  permissionsPolicy?: { allowsFeature(feature: string): boolean };
}

/**
 * Whether the page's Permissions-Policy (or a frame's missing allow="camera") lets it ask for the camera. Where it
 * does not, asking is refused anyway, and Chromium logs a policy violation: not asked, so the refusal is quiet.
 */
function policyAllowsCamera(): boolean {
  const { featurePolicy, permissionsPolicy } = document as PolicyDocument;
  return (permissionsPolicy ?? featurePolicy)?.allowsFeature('camera') ?? true;
}

async function otherCameras(): Promise<number> {
  const devices = await navigator.mediaDevices.enumerateDevices?.().catch(() => []) ?? [];
  return devices.filter((device) => device.kind === 'videoinput').length;
}

/**
 * The camera's stream while the view is open and the page visible: the back camera first, then the next
 * camera on each `switchCamera()`. Every track is stopped when the view closes (unmount), when the page is
 * hidden (another app, the phone locked: the camera light must not stay on) or left (`pagehide`), and started
 * again when the page is visible.
 */
export function useCameraStream() {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  /** The camera asked for: undefined is "the back camera" (facingMode), else a device id. */
  const [deviceId, setDeviceId] = useState<string>();
  /** Counts the page's hidings and showings: each showing asks for the camera again. */
  const [showings, setShowings] = useState(0);
  /** What the last request got, and which request it answered (a stale answer reads as "starting"). */
  const [answer, setAnswer] = useState<{ to: string; stream: CameraStream }>();
  const supported = typeof navigator.mediaDevices?.getUserMedia === 'function';
  const allowed = supported && policyAllowsCamera();
  const request = `${showings}/${deviceId ?? ''}`;

  useEffect(() => {
    const onVisibility = () => {
      setVisible(document.visibilityState !== 'hidden');
      setShowings((count) => count + 1);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, []);

  useEffect(() => {
    if (!visible || !allowed) return undefined;
    let stream: MediaStream | undefined;
    let current = true;
    const answered = (got: CameraStream) => current && setAnswer({ to: request, stream: got });
    const stop = () => {
      current = false;
      stopAll(stream);
    };
    const video = { ...VIDEO, ...(deviceId === undefined ? { facingMode: { ideal: 'environment' } } : { deviceId: { exact: deviceId } }) };
    navigator.mediaDevices
      .getUserMedia({ video, audio: false })
      .then(async (got) => {
        stream = got;
        const cameras = await otherCameras();
        if (!current) return stopAll(got);
        const track = got.getVideoTracks()[0];
        if (track === undefined) return answered({ status: 'unavailable' });
        // Another app took the camera, or it was unplugged.
        track.addEventListener('ended', () => answered({ status: 'unavailable' }));
        answered({ status: 'live', stream: got, torch: track.getCapabilities?.().torch === true, canSwitch: cameras > 1 });
      })
      .catch((error: unknown) => answered({ status: refusal(error) }));
    window.addEventListener('pagehide', stop);
    return () => {
      window.removeEventListener('pagehide', stop);
      stop();
    };
  }, [visible, allowed, deviceId, request]);

  let state: CameraStream = answer?.to === request ? answer.stream : { status: 'starting' };
  if (!visible) state = { status: 'paused' };
  if (!allowed) state = { status: 'refused' };
  if (!supported) state = { status: 'unavailable' };
  const live = state.status === 'live' ? state.stream : undefined;
  /** The next camera in the device's list, after the one in use. */
  const switchCamera = useCallback(async () => {
    const now = live?.getVideoTracks()[0]?.getSettings().deviceId;
    const devices = (await navigator.mediaDevices.enumerateDevices().catch(() => [])).filter((device) => device.kind === 'videoinput');
    const at = devices.findIndex((device) => device.deviceId === now);
    const next = devices[(at + 1) % devices.length];
    if (next !== undefined && next.deviceId !== now) setDeviceId(next.deviceId);
  }, [live]);
  const setTorch = useCallback((on: boolean) => live?.getVideoTracks()[0]?.applyConstraints({ advanced: [{ torch: on }] }) ?? Promise.resolve(), [live]);
  return { state, switchCamera, setTorch };
}

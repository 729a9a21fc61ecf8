import { useEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { Button } from '../ui/button';
import { Icon } from '../ui/icon';
import { acceptAttribute } from './accept';
import './camera-view.css';
import { CameraAppButton } from './camera-app-button';
import { takeShot } from './take-shot';
import { useCameraStream } from './use-camera-stream';

export interface CameraViewProps {
  allowedMimeTypes: readonly string[];
  /** Photos the session still takes: it goes down as each shot joins the queue. */
  left: number;
  /** Each shot, at once: the queue prepares and sends it while the next one is taken. */
  onFiles: (files: File[]) => void;
  onClose: () => void;
  /** What opened the camera: focus goes back to it on close. */
  opener?: HTMLElement | null;
}

/**
 * The in-page camera: a modal viewfinder on the back camera, a shutter, the photos taken and left, the torch
 * and a camera switch where the device has them, Done. Where the camera cannot be used (permission refused, no
 * API, no camera), it says so and offers the camera app instead (the native `capture` input).
 */
export function CameraView({ allowedMimeTypes, left, onFiles, onClose, opener }: CameraViewProps) {
  const { t } = useI18n();
  const { state, switchCamera, setTorch } = useCameraStream();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const shutterRef = useRef<HTMLButtonElement>(null);
  const [taken, setTaken] = useState(0);
  /** Shots being encoded: they hold a place until the queue has them. */
  const [pending, setPending] = useState(0);
  const [shotFailed, setShotFailed] = useState(false);
  /** The stream whose first frame arrived, and the one whose torch is on. */
  const [framed, setFramed] = useState<MediaStream | null>(null);
  const [torchOn, setTorchOn] = useState<MediaStream | null>(null);
  const indexRef = useRef(0);
  const stream = state.status === 'live' ? state.stream : null;
  const room = left - pending;
  const ready = stream !== null && framed === stream && room > 0;

  useEffect(() => {
    const dialog = dialogRef.current;
    // Modal: the page behind is inert and the top layer needs no z-index. (jsdom has no showModal.)
    if (dialog !== null && !dialog.open) dialog.showModal?.();
    shutterRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
      // The opener went with the photos that filled the session: the screen's heading, as a new screen would.
      else document.querySelector<HTMLElement>('.screen__title')?.focus();
    };
  }, [opener]);

  const fallback = state.status === 'refused' || state.status === 'unavailable';
  useEffect(() => {
    // The shutter went: the camera app's button (or Done) takes the focus, after the message.
    if (fallback) dialogRef.current?.querySelector<HTMLElement>('input, .camera__done')?.focus();
  }, [fallback]);

  useEffect(() => {
    const video = videoRef.current;
    if (video === null) return undefined;
    video.srcObject = stream;
    return () => {
      video.srcObject = null;
    };
  }, [stream]);

  const add = (files: File[]) => {
    setTaken((count) => count + files.length);
    onFiles(files);
  };
  const shoot = () => {
    const video = videoRef.current;
    if (!ready || video === null) return;
    indexRef.current += 1;
    setPending((count) => count + 1);
    setShotFailed(false);
    takeShot(video, allowedMimeTypes, indexRef.current)
      .then((file) => add([file]), () => setShotFailed(true))
      .finally(() => setPending((count) => count - 1));
  };
  const toggleTorch = () => {
    const on = torchOn !== stream;
    setTorch(on).then(
      () => setTorchOn(on ? stream : null),
      () => setTorchOn(null),
    );
  };
  const close = (event: SyntheticEvent) => {
    event.preventDefault();
    onClose();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close(event);
  };

  const counts = `${t('camera.taken', { count: taken })} · ${t('camera.left', { count: Math.max(0, room) })}`;
  const announcement = shotFailed ? t('camera.shotFailed') : taken > 0 ? `${t('camera.added', { count: taken })} ${t('camera.left', { count: Math.max(0, room) })}` : '';
  return (
    // Escape closes it (a dialog's `cancel`, and the key itself where the browser has no close request).
    <dialog ref={dialogRef} className="camera" aria-label={t('camera.title')} onCancel={close} onKeyDown={onKeyDown}>
      {fallback ? (
        <div className="camera__fallback">
          <p className="notice" role="alert">{t(state.status === 'refused' ? 'camera.refused' : 'camera.unavailable')}</p>
          {left > 0 && <CameraAppButton label={t('picker.takePhoto')} accept={acceptAttribute(allowedMimeTypes)} onFiles={add} />}
        </div>
      ) : (
        <div className="camera__frame">
          <video
            ref={videoRef}
            className="camera__video"
            aria-label={t('camera.viewfinder')}
            autoPlay
            muted
            playsInline
            onLoadedMetadata={() => setFramed(stream)}
          />
          {state.status !== 'live' && <p className="camera__starting">{t('camera.starting')}</p>}
        </div>
      )}
      <div className="camera__bar">
        <p className="camera__counts">{counts}</p>
        <div className="camera__controls">
          {stream !== null && state.status === 'live' && state.torch && (
            <Button variant="secondary" className="camera__side" aria-pressed={torchOn === stream && stream !== null} onClick={toggleTorch}>
              {t('camera.torch')}
            </Button>
          )}
          {!fallback && (
            <button
              ref={shutterRef}
              type="button"
              className="camera__shutter"
              aria-label={t('camera.shutter')}
              aria-disabled={!ready}
              onClick={shoot}
            >
              <Icon name="camera" />
            </button>
          )}
          {state.status === 'live' && state.canSwitch && (
            <Button variant="secondary" className="camera__side" onClick={() => void switchCamera()}>
              {t('camera.switch')}
            </Button>
          )}
        </div>
        <Button className="camera__done" onClick={onClose}>
          {t('camera.done')}
        </Button>
      </div>
      <div role="status" aria-live="polite" aria-atomic="true" className="visually-hidden">
        {announcement}
      </div>
    </dialog>
  );
}

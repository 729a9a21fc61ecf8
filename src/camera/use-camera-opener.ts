import { type ComponentType, useState, useSyncExternalStore } from 'react';
import type { CameraViewProps } from './camera-view';
import { loadCameraView } from './load-camera-view';

const never = () => () => undefined;

/**
 * Whether this browser can run a camera in the page: getUserMedia exists only in a secure context (https,
 * localhost). False on the server and while hydrating, so the server-rendered HTML and the first render agree.
 */
export const useCameraSupported = (): boolean =>
  useSyncExternalStore(never, () => typeof navigator.mediaDevices?.getUserMedia === 'function', () => false);

export interface CameraOpener {
  /** The camera's code, once fetched: the view is open while it is set. */
  View?: ComponentType<CameraViewProps>;
  /** What opened it: focus goes back there. */
  opener?: HTMLElement;
  /** The camera's code could not be fetched (connection lost). */
  failed?: true;
  open: (event: { currentTarget: HTMLElement }) => void;
  close: () => void;
}

/** "Use camera": every line of the camera is in its own chunk (load-camera-view.ts), fetched on the press. */
export function useCameraOpener(): CameraOpener {
  const [state, setState] = useState<Pick<CameraOpener, 'View' | 'opener' | 'failed'>>({});
  return {
    ...state,
    open: ({ currentTarget }) =>
      void loadCameraView().then(
        ({ CameraView }) => setState({ View: CameraView, opener: currentTarget }),
        () => setState({ failed: true }),
      ),
    close: () => setState({}),
  };
}

/**
 * camera/: the pickers and the in-page camera. "Take photo" and "Choose photos" (photo-picker.tsx,
 * pick-button.tsx), the desktop's drop area (drop-area.tsx, its own chunk) and what they offer (accept.ts);
 * "Use camera" (use-camera-opener.ts), whose viewfinder (camera-view.tsx, use-camera-stream.ts, take-shot.ts) is
 * a chunk of its own, fetched on the press. It hands picked and taken files on and knows no queue. This file is
 * its public entry.
 */
export { PhotoPicker, type PhotoPickerProps } from './photo-picker';
export { type CameraOpener, useCameraOpener } from './use-camera-opener';
export type { CameraViewProps } from './camera-view';

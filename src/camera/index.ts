/**
 * camera/: the pickers. "Take photo" and "Choose photos" (photo-picker.tsx, pick-button.tsx), the desktop's drop
 * area (drop-area.tsx, its own chunk) and what they offer (accept.ts). It hands picked files on and knows no
 * queue. This file is its public entry.
 */
export { PhotoPicker, type PhotoPickerProps } from './photo-picker';

/**
 * "Retake": opens the camera the way "Take photo" does, by clicking its input (camera/photo-picker.tsx renders it
 * with `capture`); where there is none (the desktop layout), "Choose photos". Called from the button's click, so the
 * browser lets a file input open. False when the screen has no picker (the session is full).
 */
export function takePhotoAgain(root: ParentNode = document): boolean {
  const input = root.querySelector<HTMLInputElement>('input[type="file"][capture]') ?? root.querySelector<HTMLInputElement>('input[type="file"]');
  if (input === null) return false;
  input.focus();
  input.click();
  return true;
}

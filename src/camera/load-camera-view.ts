/** The in-page camera's chunk (camera-view.tsx and what only it uses), fetched on the first "Use camera". */
export const loadCameraView = () => import('./camera-view');

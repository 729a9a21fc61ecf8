import path from 'node:path';
import type { DataPaths } from '../data-paths';

/** Photos live in `<images>/<session id>/<image id>.<ext>`: both parts are ours, never the uploader's. */
export const sessionImageDir = (paths: DataPaths, sessionId: string): string => path.join(paths.images, sessionId);

export const storedImagePath = (paths: DataPaths, image: { sessionId: string; storageName: string }): string =>
  path.join(paths.images, image.sessionId, path.basename(image.storageName));

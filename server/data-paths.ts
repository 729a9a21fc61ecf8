import path from 'node:path';

/** Where the server keeps its files, all under DATA_DIR. A leaf: the delivery service and storage need it too. */
export interface DataPaths {
  root: string;
  database: string;
  /** Finished photos, one folder per session, server-generated names. */
  images: string;
  /** Uploads being received; anything left here at start-up is from an interrupted upload. */
  incoming: string;
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    root: dataDir,
    database: path.join(dataDir, 'qrdrop.sqlite'),
    images: path.join(dataDir, 'images'),
    incoming: path.join(dataDir, 'incoming'),
  };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskPhotoStore } from '../storage/disk-photo-store';
import { photoStoreContract } from './photo-store-contract';

// The local folder of `npm start` under the same contract as the S3 bucket (s3-photo-store.cluster.test.ts).
photoStoreContract('local folder', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-photos-'));
  const store = new DiskPhotoStore(root);
  return {
    store,
    teardown: async () => {
      await store.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
});

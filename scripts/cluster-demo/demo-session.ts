import * as v from 'valibot';
import { S3RVER_CREDENTIALS } from '../../server/test/s3-service';

/** Photos the demo's session accepts. */
export const DEMO_MAX_IMAGES = 50;
const Created = v.object({ id: v.string(), upload_url: v.string(), expires_at: v.string() });

/** The environment of a cluster instance on this PostgreSQL and this s3rver. */
export function demoClusterEnv(databaseUrl: string, s3Endpoint: string, bucket: string, prefix = ''): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    S3_BUCKET: bucket,
    S3_ENDPOINT: s3Endpoint,
    S3_REGION: 'us-east-1',
    S3_FORCE_PATH_STYLE: 'true',
    ...(prefix === '' ? {} : { S3_PREFIX: prefix }),
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  };
}

/** Creates the demo's session through the proxy, as an integrator would; long polling on, for the saver. */
export async function createDemoSession(base: string, apiKey: string, maxImages = DEMO_MAX_IMAGES): Promise<v.InferOutput<typeof Created>> {
  const response = await fetch(`${base}/api/v1/upload-sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ max_images: maxImages, long_polling: true, label: 'qrdrop cluster demo' }),
  });
  if (response.status !== 201) throw new Error(`Could not create the session: ${response.status} ${await response.text()}`);
  return v.parse(Created, await response.json());
}

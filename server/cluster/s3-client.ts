import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { ClusterConfig } from './cluster-config';

/** How long connecting to the bucket's server may take, and how long a socket may stay silent mid-request. */
export const S3_TIMEOUTS = { connectMs: 5_000, idleSocketMs: 60_000 } as const;

/**
 * The S3 client of cluster mode, from its settings (S3_ENDPOINT, S3_REGION, S3_FORCE_PATH_STYLE). Credentials come the
 * AWS SDK's usual way (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an instance role); `overrides` is for
 * tests (s3rver's fixed credentials).
 *
 * Checksums only when the operation requires them: the SDK's default (WHEN_SUPPORTED) frames a streamed body as
 * aws-chunked with a CRC32 trailer, which S3-compatible servers such as s3rver store as part of the object (3 MB in,
 * 3 MB + 468 bytes back: corrupt), and which some others refuse. The photo's own SHA-256, computed as it arrived,
 * goes on every PutObject instead (x-amz-checksum-sha256), which real S3 checks.
 */
export function createS3Client(s3: ClusterConfig['s3'], overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({
    ...(s3.endpoint === null ? {} : { endpoint: s3.endpoint }),
    ...(s3.region === null ? {} : { region: s3.region }),
    forcePathStyle: s3.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: S3_TIMEOUTS.connectMs, socketTimeout: S3_TIMEOUTS.idleSocketMs },
    ...overrides,
  });
}

import { startS3Service } from '../server/test/s3-service';

/**
 * The S3 test server (s3rver, as the cluster tests run it) in a process of its own, so its work is not done on the
 * bench's load-generating event loop. Prints its endpoint and bucket; SIGTERM stops it and removes its folder.
 */
const service = await startS3Service({ bucket: 'qrdrop-bench' });
console.log(`s3rver listening at ${service.endpoint} bucket ${service.bucket}`);

process.on('SIGTERM', () => {
  void service.stop().finally(() => process.exit(0));
});

import { bigPhotoPath, PHOTO_12MP, PHOTO_48MP } from './test-photos';

/**
 * Builds the big photo fixtures once, before the tests: the 48 MP one takes tens of seconds on a fresh
 * clone, which no single test should pay for. Later runs find them in .tmp/fixtures.
 */
export default function globalSetup(): void {
  bigPhotoPath(PHOTO_12MP);
  bigPhotoPath(PHOTO_48MP);
}

/** What removing location data gave: a leaf type, so each format's remover and gps-removal.ts (which picks one) share it without a circle. */
export type GpsRemoval =
  /** The same picture, byte for byte, minus its location data. */
  | { kind: 'stripped'; blob: Blob }
  | { kind: 'no-gps' }
  /** The container could not be walked: nobody can say the location is gone. */
  | { kind: 'unparseable' };

import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { MIME_TYPES, SESSION } from '../limits';

export interface StartOptions {
  port: number;
  maxImages: number;
  types: string[];
  expiresInHours: number;
  password: string | undefined;
  label: string | undefined;
  folder: string;
  dataDir: string;
  /** End-to-end: a key pair made here, photos sealed on the phone for it and opened into the folder. */
  e2e: boolean;
  help: boolean;
}

export const START_USAGE = `Usage: npm start -- [options]

  --max-images N     photos the session accepts (default ${SESSION.maxImagesDefault}, 1–${SESSION.maxImagesMax})
  --types LIST       allowed types, comma-separated: jpeg,png,webp,heic (default: all)
  --expires HOURS    session lifetime in hours (default ${SESSION.expiresInHoursDefault}, 1–${SESSION.expiresInHoursMax})
  --password TEXT    ask the phone for this password before uploading
  --label TEXT       title shown on the phone
  --folder DIR       where photos are saved (default ./photos)
  --port N           port to listen on (default 8080, or PORT)
  --data-dir DIR     server data directory (default ./data, or DATA_DIR)
  --e2e              end-to-end encryption: make a key pair (private key kept here, 0600), seal photos on the
                     phone for it, open them into the folder as they arrive (the phone needs https or localhost)
  -h, --help         this help

Environment variables of \`npm run serve\` (PORT, HOST, PUBLIC_URL, QRDROP_API_KEYS, ...) apply too.`;

const TYPE_NAMES: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
};

const intArg = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `--${name} must be a whole number`),
    v.transform(Number),
    v.minValue(min, `--${name} must be at least ${min}`),
    v.maxValue(max, `--${name} must be at most ${max}`),
  );

/** Parses `npm start` flags. Throws an Error with a readable message on bad input. */
export function parseStartOptions(argv: string[], env: Record<string, string | undefined>): StartOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'max-images': { type: 'string' },
      types: { type: 'string' },
      expires: { type: 'string' },
      password: { type: 'string' },
      label: { type: 'string' },
      folder: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      e2e: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const parse = <T>(schema: v.GenericSchema<string, T>, value: string): T => {
    const result = v.safeParse(schema, value);
    if (!result.success) throw new Error(result.issues[0]?.message ?? 'invalid option');
    return result.output;
  };
  const types = (values.types ?? 'jpeg,png,webp,heic').split(',').map((name) => {
    const mime = TYPE_NAMES[name.trim().toLowerCase()];
    if (mime === undefined) throw new Error(`--types: unknown type "${name}" (use ${Object.keys(TYPE_NAMES).join(', ')})`);
    return mime;
  });
  const password = values.password;
  if (password !== undefined && (password.length < SESSION.passwordMinLength || password.length > SESSION.passwordMaxLength)) {
    throw new Error(`--password must be ${SESSION.passwordMinLength}–${SESSION.passwordMaxLength} characters`);
  }
  return {
    port: parse(intArg('port', 0, 65535), values.port ?? env.PORT ?? '8080'),
    maxImages: parse(intArg('max-images', SESSION.maxImagesMin, SESSION.maxImagesMax), values['max-images'] ?? String(SESSION.maxImagesDefault)),
    types: [...new Set(types)].filter((t) => (MIME_TYPES as readonly string[]).includes(t)),
    expiresInHours: parse(intArg('expires', SESSION.expiresInHoursMin, SESSION.expiresInHoursMax), values.expires ?? String(SESSION.expiresInHoursDefault)),
    password,
    label: values.label,
    folder: values.folder ?? env.DELIVERY_FOLDER ?? './photos',
    dataDir: values['data-dir'] ?? env.DATA_DIR ?? './data',
    e2e: values.e2e ?? false,
    help: values.help ?? false,
  };
}

import type { Message } from '../../i18n/catalog-types';

/**
 * The desktop view's strings, English being the reference (fr and es must have the same keys and placeholders:
 * checked by desktop-catalog.test.ts). Kept out of the shared catalogs so the phone page never downloads them.
 */
export const desktopEn = {
  'desktop.title': 'Photos from your phone',
  'desktop.scan': 'Scan this code with your phone to send photos',
  'desktop.qrAlt': 'QR code of the upload link',
  'desktop.qrUnavailable': 'The QR code could not be loaded. Use the link below.',
  'desktop.link': 'Or open this link on the phone',
  'desktop.copyLink': 'Copy link',
  'desktop.linkCopied': 'Link copied',
  'desktop.copyFailed': "Couldn't copy automatically. Select the link and copy it.",
  'desktop.received': { zero: 'No photos yet', one: '{count} photo received', other: '{count} photos received' },
  'desktop.remaining': {
    zero: 'No more photos can be sent',
    one: '{count} more photo can be sent',
    other: '{count} more photos can be sent',
  },
  'desktop.expiresIn': 'Open for {time}',
  'desktop.completed': 'This session is completed.',
  'desktop.expired': 'This session has expired.',
  'desktop.passwordProtected': 'Password protected',
  'desktop.photosHeading': 'Received photos',
  'desktop.waiting': 'Photos will appear here as soon as the phone sends them.',
  'desktop.photoArrived': 'Photo received: {name}',
  'desktop.liveInterrupted': 'Live updates stopped. Reload the page to see new photos.',
  'desktop.noPreview': 'No preview for this type',
  'desktop.photoUnavailable': 'Could not load this photo',
  'desktop.download': 'Download {name}',
  'desktop.downloadShort': 'Download',
  'desktop.retry': 'Try again',
  'desktop.notFound': 'There is no session at this address.',
  'desktop.otherKey': 'This session belongs to another API key.',
  'desktop.keyRejected.title': 'Key not accepted',
  'desktop.keyRejected.body': 'The server did not accept the API key from the link. Open the link printed by the server again.',
  'desktop.keyMissing.title': 'Open the link printed by the server',
  'desktop.keyMissing.body':
    'This page needs the API key, which comes in the link after the # sign (browsers never send that part to the server). Open the “Watch photos arrive” link that npm start printed.',
  'desktop.home.title': 'Upload sessions',
  'desktop.home.new': 'New session',
  'desktop.home.createFailed': 'The session could not be created. Try again.',
  'desktop.home.empty': 'No sessions yet.',
  'desktop.home.untitled': 'Session of {date}',
  'desktop.status.pending': 'Waiting for photos',
  'desktop.status.active': 'Receiving photos',
  'desktop.status.completed': 'Completed',
  'desktop.status.expired': 'Expired',
} as const satisfies Record<string, Message>;

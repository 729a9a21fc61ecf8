import type { Message } from './message';

/**
 * English: the reference catalog. Every string the page shows lives here; fr.ts and es.ts must have
 * the same keys (type error otherwise) and the same {placeholders} (checked by catalog.test.ts).
 * The `error.*` texts are API.md's table, word for word.
 */
export const en = {
  'app.name': 'qrdrop',
  'app.title': 'Send photos',
  'loading.title': 'Loading…',
  // The language switcher in the header (its options are each language's own name: src/i18n/language-names.ts).
  'language.label': 'Language',

  // The closed status table (src/lib/http-failure.ts): API.md's wording.
  'error.uploadRejected': 'Upload rejected',
  'error.wrongPassword': 'Wrong password',
  'error.forbidden': "This link can't be used",
  'error.sessionNotFound': 'Session not found',
  'error.sessionCompleted': 'Session already completed',
  'error.sessionExpired': 'Session expired',
  'error.fileTooLarge': 'File too large',
  'error.unsupportedType': 'Unsupported file type',
  'error.sessionFull': 'Session full',
  'error.tooManyUploads': 'Too many uploads',
  'error.connection': 'Connection problem, retrying…',
  'action.retry': 'Tap to retry',

  // Session screens.
  'invalid.title': 'Invalid link',
  'invalid.body': 'This link is incomplete or mistyped. Scan the QR code again, or ask for a new link.',
  'notFound.body': 'There is no upload session at this address. It may have been deleted. Ask for a new QR code.',
  'expired.body': 'This session no longer accepts photos. Ask for a new QR code.',
  'completed.body': 'This session has been closed and takes no more photos.',
  'full.body': 'This session has received all the photos it allows ({max}).',
  'forbidden.body': 'This link cannot be used to send photos. Ask the person who shared it for a new one.',
  'connection.title': 'Connection problem',
  'connection.body': 'The server could not be reached. Check your connection, then try again.',
  'session.sentBefore': { one: '{count} photo was sent before this.', other: '{count} photos were sent before this.' },

  // "Copy details": what a support person needs.
  'details.copy': 'Copy details',
  'details.copied': 'Details copied',
  'details.copyFailed': "Couldn't copy automatically. Select the text below and copy it.",
  'details.label': 'Details for support',
  'details.problem': 'Problem',
  'details.session': 'Session',
  'details.status': 'HTTP status',
  'details.noStatus': 'none (no answer)',
  'details.message': 'Server message',
  'details.code': 'Code',
  'details.requestId': 'Request id',
  'details.time': 'Time',

  // Password.
  'password.title': 'Password required',
  'password.body': 'This session is protected. Enter the password you were given with the QR code.',
  'password.label': 'Password',
  'password.submit': 'Continue',
  'password.checking': 'Checking…',
  'password.show': 'Show password',
  'password.empty': 'Enter the password.',
  'password.wrongHint': 'Check the password and try again.',
  'password.tooManyAttempts': 'Too many attempts. Wait a moment, then try again.',
  'password.connection': 'The password could not be checked because of a connection problem. Try again.',

  // Ready.
  'ready.heading': 'Send your photos',
  'ready.remaining': { one: '{count} of {max} photos left', other: '{count} of {max} photos left' },
  'ready.timeLeft': 'Time left: {time}',
  'ready.allowed': '{types}, up to {size} each.',
  'ready.resized': 'Large photos are made smaller automatically.',
  'ready.noMoreFit': 'No more photos fit in this session.',

  // Picking.
  'picker.takePhoto': 'Take photo',
  'picker.choosePhotos': 'Choose photos',
  'picker.dropHere': 'Drag photos here',
  'picker.dropNow': 'Drop to add them',
  'picker.or': 'or',

  // The in-page camera (src/camera/camera-view.tsx).
  'camera.open': 'Use camera',
  'camera.title': 'Camera',
  'camera.viewfinder': 'Camera viewfinder',
  'camera.starting': 'Starting the camera…',
  'camera.shutter': 'Take picture',
  'camera.torch': 'Light',
  'camera.switch': 'Switch camera',
  'camera.done': 'Done',
  'camera.taken': { one: '{count} photo taken', other: '{count} photos taken' },
  'camera.left': { zero: 'No photos left', one: '{count} photo left', other: '{count} photos left' },
  'camera.added': 'Photo {count} added.',
  'camera.shotFailed': 'The picture could not be taken. Try again.',
  'camera.refused': 'Camera access was refused. You can still take photos with your camera app.',
  'camera.unavailable': 'The camera cannot be used in this page. You can still take photos with your camera app.',
  'camera.loadFailed': 'The camera could not be loaded. Check your connection, or use “Take photo”.',

  // All done.
  'done.title': { one: '{count} photo sent', other: '{count} photos sent' },
  'done.body': 'You can close this page.',
  'done.addMore': 'Add more',

  // The overall status line (announced to screen readers).
  'queue.preparing': { one: 'Preparing {count} photo…', other: 'Preparing {count} photos…' },
  // Before the page's script runs (src/boot/): the picked photos are kept, and sent once it has.
  'boot.received': { one: '{count} photo received. Sending starts in a moment…', other: '{count} photos received. Sending starts in a moment…' },
  'queue.sending': 'Sending photos: {done} of {total} sent',
  'queue.resumesByItself': 'Sending will resume by itself.',
  'queue.offline': "You're offline. Uploads will continue when you're back online.",
  'queue.resumingIn': 'Resuming in {time}',
  'queue.needsRetry': { one: '{count} photo could not be sent.', other: '{count} photos could not be sent.' },
  'queue.refused': { one: '{count} photo was refused.', other: '{count} photos were refused.' },
  'queue.allSent': { one: '{count} photo sent.', other: 'All {count} photos sent.' },

  // One photo in the list.
  'upload.listLabel': 'Your photos',
  'item.checking': 'Checking…',
  'item.compressing': 'Optimizing…',
  'item.queued': 'Waiting…',
  'item.uploading': 'Sending… {percent}',
  'item.retryWait': 'Connection problem, retrying in {time}…',
  'item.done': 'Sent',
  'item.failed': 'Not sent',
  'item.progress': 'Sending {name}',
  'item.remove': 'Remove {name}',
  'item.retry': 'Retry {name}',
  'item.reduced': 'Reduced from {from} to {to}',
  // The quality hint on a photo's row (src/upload/components/quality-hint.tsx), issue 17.
  'quality.blurry': 'This photo looks blurry — retake?',
  'quality.dark': 'This photo looks too dark — retake?',
  'quality.keep': 'Keep',
  'quality.keepLabel': 'Keep {name}',
  'quality.retake': 'Retake',
  'quality.retakeLabel': 'Retake {name}',

  // Per-file messages of the upload engine (src/upload/types.ts UploadMessageKey).
  'file.onlyNMoreFit': {
    zero: 'No more photos fit in this session',
    one: 'Only {count} more photo fits',
    other: 'Only {count} more photos fit',
  },
  'file.notAnImage': 'This file is not a photo',
  'file.typeNotAllowed': 'This session does not accept {type} images',
  'file.cannotMakeType': 'This browser cannot make {type} images, which this session needs. Try another browser.',
  'file.undecodable': 'This photo could not be read; it may be damaged',
  'file.heicCannotConvert': 'This browser cannot convert HEIC photos. Choose a JPEG, or set the camera to “Most Compatible”.',
  'file.compressTimedOut': 'This browser took too long to reduce this photo. Try again, or choose a smaller photo.',
  'file.tooLargeAfterCompression': 'Still larger than {maxMb} MB after reducing it',
  'file.empty': 'This file is empty',
  'file.unreadable': 'This file cannot be read any more. Choose it again.',
  'file.notKept': 'This photo was not kept when the page reloaded. Choose it again.',
  'file.e2eUnavailable': 'This photo cannot be encrypted on this connection (it is not secure: open the link over https). It was not sent.',
  'e2e.enabled': 'End-to-end encrypted: only the recipient can open your photos.',
  'e2e.downgraded': 'Photos are sent without end-to-end encryption: this connection cannot encrypt them.',
} as const satisfies Record<string, Message>;

/**
 * The Uppy peer of the bench (issue 16), written from Uppy's documentation: its Dashboard inline, the Compressor
 * plugin (quality 0.8, at most 2048 px a side) and XHRUpload to the qrdrop page route, starting as soon as files
 * are added (autoProceed). Everything else is Uppy's default. The session id comes in the query (?id=).
 */
import Compressor from '@uppy/compressor';
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import XHRUpload from '@uppy/xhr-upload';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';

const sessionId = new URLSearchParams(location.search).get('id') ?? '';

new Uppy({ autoProceed: true, restrictions: { allowedFileTypes: ['image/*'] }, meta: { source: 'gallery' } })
  .use(Dashboard, { inline: true, target: '#uppy', width: '100%', height: 480, proudlyDisplayPoweredByUppy: false })
  .use(Compressor, { quality: 0.8, maxWidth: 2048, maxHeight: 2048 })
  // qrdrop takes one part `file` and an optional text part `source`: only that meta field is sent.
  .use(XHRUpload, { endpoint: `/api/v1/upload/${sessionId}/images`, formData: true, fieldName: 'file', allowedMetaFields: ['source'] });

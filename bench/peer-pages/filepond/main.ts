/**
 * The FilePond peer of the bench (issue 16), written from FilePond's documentation: its file-type validation,
 * EXIF orientation, resize (to fit 2048 px, never enlarged) and transform (JPEG quality 80) plugins, uploading each
 * file as soon as it is added (instantUpload, FilePond's default) to the qrdrop page route. Everything else is
 * FilePond's default (two uploads at a time). The session id comes in the query (?id=).
 */
import * as FilePond from 'filepond';
import FilePondPluginFileValidateType from 'filepond-plugin-file-validate-type';
import FilePondPluginImageExifOrientation from 'filepond-plugin-image-exif-orientation';
import FilePondPluginImageResize from 'filepond-plugin-image-resize';
import FilePondPluginImageTransform from 'filepond-plugin-image-transform';
import 'filepond/dist/filepond.min.css';

const sessionId = new URLSearchParams(location.search).get('id') ?? '';

FilePond.registerPlugin(FilePondPluginFileValidateType, FilePondPluginImageExifOrientation, FilePondPluginImageResize, FilePondPluginImageTransform);

const input = document.getElementById('pond');
if (input instanceof HTMLInputElement) {
  FilePond.create(input, {
    name: 'file',
    allowMultiple: true,
    acceptedFileTypes: ['image/*'],
    imageResizeTargetWidth: 2048,
    imageResizeTargetHeight: 2048,
    imageResizeMode: 'contain',
    imageResizeUpscale: false,
    imageTransformOutputQuality: 80,
    server: {
      process: {
        url: `/api/v1/upload/${sessionId}/images`,
        method: 'POST',
        // FilePond sends its metadata as a text part under the file's own name; qrdrop takes one part `file` (the
        // file) and an optional `source`: the form is rebuilt with just those.
        ondata: (data) => {
          const form = new FormData();
          for (const value of data.getAll('file')) if (value instanceof Blob) form.append('file', value, value instanceof File ? value.name : 'photo.jpg');
          form.append('source', 'gallery');
          return form;
        },
      },
    },
  });
}

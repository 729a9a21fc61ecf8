import { describe, expect, it } from 'vitest';
import { flush } from '../test/scripted-transport';
import { createTestQueue, photo } from '../test/queue-harness';

const envelope = (statusCode: number, error: string, message: string) => ({ statusCode, error, message });

describe('upload queue: a file refused by the server', () => {
  it.each([
    [413, 'error.fileTooLarge', envelope(413, 'Payload Too Large', 'The file is over the 20 MB limit.')],
    [415, 'error.unsupportedType', envelope(415, 'Unsupported Media Type', 'Only JPEG and PNG are allowed.')],
    [400, 'error.uploadRejected', envelope(400, 'Bad Request', 'source must be camera, gallery, sdk or my-app.')],
  ] as const)('%i marks only that file, with its message and the server sentence; the others go on', async (status, key, body) => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(status, body);
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'failed', message: { key, detail: { message: body.message }, status } });
    expect(t.item('c.jpg').status).toBe('uploading');
    t.calls[1]?.respond(201, { id: 'img-b' });
    t.calls[2]?.respond(201, { id: 'img-c' });
    await flush();
    expect(t.queue.getSnapshot()).toMatchObject({ phase: 'idle', confirmedCount: 2 });
  });

  it('understands an error body of another shape (a gateway in front of the server); the status decides', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(413, '<html><head><title>413 Request Entity Too Large</title></head><body><h1>413 Request Entity Too Large</h1></body></html>', {
      'content-type': 'text/html',
    });
    await flush();
    expect(t.item('a.jpg').message).toEqual({ key: 'error.fileTooLarge', detail: { message: '413 Request Entity Too Large' }, status: 413 });
  });
});

describe('upload queue: the session refuses uploads', () => {
  it.each([
    [410, 'error.sessionExpired'],
    [404, 'error.sessionNotFound'],
    [409, 'error.sessionCompleted'],
    [422, 'error.sessionFull'],
    [403, 'error.forbidden'],
  ] as const)('%i stops the queue, keeps the confirmed files and sends nothing more', async (status, messageKey) => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(201, { id: 'img-a' });
    await flush();
    t.calls[1]?.respond(status, envelope(status, 'Error', 'No more uploads here.'), { 'x-request-id': 'req-42' });
    await flush();
    const snapshot = t.queue.getSnapshot();
    expect(snapshot.phase).toBe('session-stopped');
    expect(snapshot.sessionFailure).toEqual({ scope: 'session', status, key: messageKey, detail: { message: 'No more uploads here.' }, requestId: 'req-42' });
    expect(t.item('a.jpg')).toMatchObject({ status: 'done', imageId: 'img-a' });
    expect(snapshot.confirmedCount).toBe(1);
    // c.jpg was already on its way: its answer still counts; d.jpg is never sent.
    t.calls[2]?.respond(201, { id: 'img-c' });
    await flush();
    expect(t.item('c.jpg').status).toBe('done');
    expect(t.item('d.jpg').status).toBe('queued');
    expect(t.calls).toHaveLength(3);
    expect(t.queue.getSnapshot().phase).toBe('session-stopped');
  });

  it('retry() does not restart a session that refused uploads', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(410, envelope(410, 'Gone', 'Session expired.'));
    await flush();
    t.queue.retry();
    await flush();
    expect(t.calls).toHaveLength(1);
    expect(t.queue.getSnapshot().phase).toBe('session-stopped');
  });

  it('401 stops the queue as a wrong password, and retry() after a new password sends the waiting files', async () => {
    const t = createTestQueue({ getPassword: () => 'old-password' });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(401, envelope(401, 'Unauthorized', 'This session needs the right password.'));
    await flush();
    expect(t.queue.getSnapshot()).toMatchObject({ phase: 'session-stopped', sessionFailure: { scope: 'password', status: 401, key: 'error.wrongPassword' } });
    expect(t.item('a.jpg').status).toBe('queued');
    t.queue.setPassword('new-password');
    t.queue.retry();
    await flush();
    expect(t.calls[1]?.request.headers['x-session-password']).toBe('new-password');
    expect(t.calls[1]?.idempotencyKey).toBe(t.calls[0]?.idempotencyKey);
    t.calls[1]?.respond(201, { id: 'img-a' });
    await flush();
    expect(t.queue.getSnapshot()).toMatchObject({ phase: 'idle', confirmedCount: 1 });
    expect(t.queue.getSnapshot().sessionFailure).toBeUndefined();
  });
});

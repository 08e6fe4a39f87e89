import { describe, expect, it } from 'vitest';
import { errorFrom, filePageHref, fileUrl, uploadUrl, versionUploadUrl } from './file-http';

describe('file routes', () => {
  it('names the upload and download routes of the API', () => {
    expect(uploadUrl('w1', 'c1')).toBe('/api/v1/workspaces/w1/conversations/c1/files');
    expect(fileUrl('w1', 'f1', 'content')).toBe('/api/v1/workspaces/w1/files/f1/content');
    expect(fileUrl('w1', 'f1', 'thumbnail')).toBe('/api/v1/workspaces/w1/files/f1/thumbnail');
    expect(fileUrl('w1', 'f1', 'content', 2)).toBe('/api/v1/workspaces/w1/files/f1/content?version=2');
    expect(versionUploadUrl('w1', 'f1')).toBe('/api/v1/workspaces/w1/files/f1/versions');
    expect(filePageHref('team a', 'f1')).toBe('/w/team%20a/files/f1');
  });
});

describe('errorFrom', () => {
  const body = (message: string, httpStatus: number) =>
    JSON.stringify({
      message,
      code: 'X',
      data: { appCode: 'X', httpStatus, fieldErrors: {}, requestId: 'r' },
    });

  it('shows what the server said, and a refusal is not worth trying again', () => {
    const e = errorFrom(413, body('Files in this workspace can be at most 1 MB', 413));
    expect(e.message).toBe('Files in this workspace can be at most 1 MB');
    expect(e.retryable).toBe(false);
    expect(errorFrom(422, body('File names may not contain “secret”', 422)).message).toContain('secret');
  });

  it('words what has no message, and marks the network, limits and outages retryable', () => {
    expect(errorFrom(0, '')).toMatchObject({ retryable: true, status: 0 });
    expect(errorFrom(0, '').message).toContain('Could not reach the server');
    expect(errorFrom(502, '<html>Bad gateway</html>').retryable).toBe(true);
    expect(errorFrom(500, body('Internal error', 500)).message).toBe(
      'The server could not take it; try again',
    );
    expect(errorFrom(429, body('Too many requests; retry in 3 s', 429))).toMatchObject({
      message: 'Too many requests; retry in 3 s',
      retryable: true,
    });
    expect(errorFrom(413, '').message).toBe('This file is larger than the workspace takes');
  });
});

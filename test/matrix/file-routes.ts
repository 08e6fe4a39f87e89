import type { TestUser } from '../actors';
import type { Fixture } from './fixture';

/** What the file routes' matrix adds to the fixture: a picture in A's private channel, scanned. */
export type FileRouteFixture = Fixture & { imageA: { id: string } };

/**
 * One case per route of server/http/files.ts (FILE_ROUTES) that moves a file's bytes: the path
 * aimed at workspace `ws`, the body an upload sends, who of A must still be refused, and the status
 * the allowed caller (A's owner, in A's private channel) gets with the same request.
 */
export interface FileRouteCase {
  path: (f: FileRouteFixture, ws: string) => string;
  body?: Buffer;
  alsoRefused: (f: FileRouteFixture) => TestUser[];
  allowedStatus: number;
}

// The guest and the admin are not in A's private channel; A's moderator holds a share of fileA
// to read it only (no download, no replace).
const outsidePrivate = (f: FileRouteFixture) => [f.guestA, f.adminA];

export const fileRouteCases: Record<string, FileRouteCase> = {
  'POST /api/v1/workspaces/{workspaceId}/conversations/{conversationId}/files': {
    path: (f, ws) => `/api/v1/workspaces/${ws}/conversations/${f.privateA.id}/files`,
    body: Buffer.from('uploaded by the matrix'),
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
    allowedStatus: 201,
  },
  'GET /api/v1/workspaces/{workspaceId}/files/{fileId}/content': {
    path: (f, ws) => `/api/v1/workspaces/${ws}/files/${f.fileA.id}/content`,
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
    allowedStatus: 200,
  },
  'GET /api/v1/workspaces/{workspaceId}/files/{fileId}/thumbnail': {
    path: (f, ws) => `/api/v1/workspaces/${ws}/files/${f.imageA.id}/thumbnail`,
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
    allowedStatus: 200,
  },
  // Last: the allowed caller's new version is pending, which the content case would then get.
  'POST /api/v1/workspaces/{workspaceId}/files/{fileId}/versions': {
    path: (f, ws) => `/api/v1/workspaces/${ws}/files/${f.fileA.id}/versions`,
    body: Buffer.from('replaced by the matrix'),
    alsoRefused: (f) => [...outsidePrivate(f), f.moderatorA],
    allowedStatus: 201,
  },
};

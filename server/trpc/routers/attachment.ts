import { z } from 'zod';
import {
  conversationFiles,
  fileSettings,
  getFile,
  removeUpload,
  setFileSettings,
  uploadLimits,
} from '../../domain/attachment/service';
import { fileShares, revokeShare, sharedWithMe, shareFile } from '../../domain/attachment/share';
import { fileVersions } from '../../domain/attachment/versions';
import {
  conversationFilesInput,
  fileDetailOutput,
  fileListOutput,
  fileRef,
  fileShareOutput,
  fileSharesOutput,
  fileVersionsOutput,
  shareInput,
  sharedWithMeOutput,
  shareRef,
  fileSettingsOutput,
  fileSettingsPatch,
  uploadLimitsOutput,
} from '../../domain/attachment/schemas';
import { permissions } from '../../../shared/roles';
import { endpoints } from '../endpoint';
import { fileCommentProcedures } from './file-comments';
import { router } from '../init';

const api = endpoints('attachment');
const ws = '/workspaces/{workspaceId}';
// Uploads and downloads move bytes: they are plain HTTP routes (server/http/files.ts), gated alike.
const person = { role: 'guest', visitor: true } as const;
// Sharing is between the workspace's people: widget visitors neither share nor are shared with.
const member = { role: 'guest', visitor: false } as const;

export const attachmentRouter = router({
  ...fileCommentProcedures,
  get: api.get(person, `${ws}/files/{fileId}`, fileRef, fileDetailOutput, getFile),
  // New versions are uploaded as raw bytes: POST …/files/{fileId}/versions (server/http/files.ts).
  versions: api.get(person, `${ws}/files/{fileId}/versions`, fileRef, fileVersionsOutput, fileVersions),
  share: api.post(member, `${ws}/files/{fileId}/shares`, shareInput, fileShareOutput, shareFile),
  shares: api.get(member, `${ws}/files/{fileId}/shares`, fileRef, fileSharesOutput, fileShares),
  revokeShare: api.delete(member, `${ws}/file-shares/{shareId}`, shareRef, fileShareOutput, revokeShare),
  sharedWithMe: api.get(member, `${ws}/shared-files`, null, sharedWithMeOutput, sharedWithMe),
  list: api.get(
    { ...person, conversation: true },
    `${ws}/conversations/{conversationId}/files`,
    conversationFilesInput,
    fileListOutput,
    conversationFiles,
  ),
  limits: api.get(person, `${ws}/file-limits`, null, uploadLimitsOutput, uploadLimits),
  remove: api.delete(person, `${ws}/files/{fileId}`, fileRef, z.object({ fileId: z.uuid() }), removeUpload),
  settings: api.get(
    { role: permissions['settings.change'] },
    `${ws}/file-settings`,
    null,
    fileSettingsOutput,
    fileSettings,
  ),
  updateSettings: api.patch(
    { role: permissions['settings.change'] },
    `${ws}/file-settings`,
    fileSettingsPatch,
    fileSettingsOutput,
    setFileSettings,
  ),
});

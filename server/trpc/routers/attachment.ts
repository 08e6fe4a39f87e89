import { z } from 'zod';
import {
  conversationFiles,
  fileSettings,
  getFile,
  removeUpload,
  setFileSettings,
  uploadLimits,
} from '../../domain/attachment/service';
import {
  conversationFilesInput,
  fileListOutput,
  fileOutput,
  fileRef,
  fileSettingsOutput,
  fileSettingsPatch,
  uploadLimitsOutput,
} from '../../domain/attachment/schemas';
import { permissions } from '../../../shared/roles';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('attachment');
const ws = '/workspaces/{workspaceId}';
// Uploads and downloads move bytes: they are plain HTTP routes (server/http/files.ts), gated alike.
const person = { role: 'guest', visitor: true } as const;

export const attachmentRouter = router({
  get: api.get(person, `${ws}/files/{fileId}`, fileRef, fileOutput, getFile),
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

import { z } from 'zod';
import { addComment, deleteComment, listComments, resolveComment } from '../../domain/attachment/comments';
import {
  addCommentInput,
  commentOutput,
  commentRef,
  resolveCommentInput,
} from '../../domain/attachment/comment-schemas';
import { fileRef } from '../../domain/attachment/schemas';
import { endpoints } from '../endpoint';

const api = endpoints('attachment');
const ws = '/workspaces/{workspaceId}';
// People in the workspace; the widget shows files, not their comment threads.
const member = { role: 'guest', visitor: false } as const;

/** Positioned comments on files: part of the attachment router. */
export const fileCommentProcedures = {
  comments: api.get(member, `${ws}/files/{fileId}/comments`, fileRef, z.array(commentOutput), listComments),
  addComment: api.post(member, `${ws}/files/{fileId}/comments`, addCommentInput, commentOutput, addComment),
  resolveComment: api.put(
    member,
    `${ws}/file-comments/{commentId}/resolved`,
    resolveCommentInput,
    commentOutput,
    resolveComment,
  ),
  deleteComment: api.delete(
    member,
    `${ws}/file-comments/{commentId}`,
    commentRef,
    z.object({ commentId: z.uuid() }),
    deleteComment,
  ),
};

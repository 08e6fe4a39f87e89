import { z } from 'zod';
import { deleteCanned, listCanned, saveCanned } from '../../domain/inbox/canned';
import { inboxCounts, inboxDetail, listInbox } from '../../domain/inbox/list';
import { addNote, listNotes } from '../../domain/inbox/notes';
import {
  addNoteInput,
  assignInput,
  cannedRef,
  cannedReplyOutput,
  inboxCountsOutput,
  inboxDetailOutput,
  inboxItemOutput,
  inboxListInput,
  inboxRef,
  noteOutput,
  saveCannedInput,
  setStatusInput,
} from '../../domain/inbox/schemas';
import { assign, joinToReply, setStatus } from '../../domain/inbox/triage';
import { permissions } from '../../../shared/roles';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('inbox');
const base = '/workspaces/{workspaceId}/inbox';
const one = `${base}/{conversationId}`;
const canned = '/workspaces/{workspaceId}/canned-replies';
const ok = z.object({ ok: z.literal(true) });
// Staff only: guests (and so widget visitors) and API keys are refused by the gate.
const staff = { role: permissions['inbox.work'] } as const;
const leads = { role: permissions['inbox.cannedReplies'] } as const;

export const inboxRouter = router({
  list: api.get(staff, base, inboxListInput, z.array(inboxItemOutput), listInbox),
  counts: api.get(staff, `${base}/counts`, null, inboxCountsOutput, inboxCounts),
  get: api.get(staff, one, inboxRef, inboxDetailOutput, inboxDetail),
  assign: api.put(staff, `${one}/assignee`, assignInput, ok, assign),
  setStatus: api.put(staff, `${one}/status`, setStatusInput, ok, setStatus),
  join: api.post(
    staff,
    `${one}/join`,
    inboxRef,
    z.object({ ok: z.literal(true), assigneeId: z.string() }),
    joinToReply,
  ),
  notes: api.get(staff, `${one}/notes`, inboxRef, z.array(noteOutput), listNotes),
  addNote: api.post(staff, `${one}/notes`, addNoteInput, noteOutput, addNote),
  cannedReplies: api.get(staff, canned, null, z.array(cannedReplyOutput), listCanned),
  saveCannedReply: api.post(leads, canned, saveCannedInput, cannedReplyOutput, saveCanned),
  deleteCannedReply: api.delete(leads, `${canned}/{id}`, cannedRef, ok, deleteCanned),
});

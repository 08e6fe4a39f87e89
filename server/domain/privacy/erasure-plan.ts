/**
 * What erasing a person does with every column that names one, per workspace. A test reads
 * schema.prisma and fails when a column naming a person is in none of these lists.
 *
 * - `delete`: rows that are the person's own (their membership, read state, reactions, the
 *   notifications for them, their widget records, their key, the API keys they made).
 * - `pseudonymise`: rows that are the workspace's records of what the person did (they made a
 *   channel, placed a hold, reported a message): kept, with the person's pseudonym in their place.
 * - `special`: columns erasure treats in its own steps (erasure.ts, redact.ts).
 * - `kept`: columns left as they are, with the reason the dry run gives.
 */
export const ERASURE = {
  delete: {
    member: 'user_id',
    conversation_member: 'user_id',
    message_reaction: 'user_id',
    notification: 'user_id',
    // How they wanted to be told: theirs alone.
    notification_pref: 'user_id',
    conversation_pref: 'user_id',
    // Their comments on files: their words, like their messages (under their key, which goes too).
    file_comment: 'author_id',
    widget_visitor: 'user_id',
    widget_session: 'user_id',
    person_key: 'user_id',
    api_key: 'created_by',
    // Their browsers' push subscriptions (their membership's going takes them too).
    push_subscription: 'user_id',
    // Shares with them give them access and nothing else: they go.
    file_share: 'user_id',
  },
  pseudonymise: [
    ['invitation', 'invited_by'],
    ['invitation', 'accepted_by'],
    ['conversation', 'created_by'],
    ['message', 'pinned_by'],
    // A system message's subject ("Ann joined"): the channel's record, under the pseudonym.
    ['message', 'event_user_id'],
    ['message_edit', 'edited_by'],
    ['notification', 'actor_id'],
    ['support_note', 'author_id'],
    ['canned_reply', 'created_by'],
    ['policy_hit', 'user_id'],
    ['lockdown', 'started_by'],
    ['lockdown', 'lift_requested_by'],
    ['lockdown', 'ended_by'],
    ['quarantine', 'user_id'],
    ['quarantine', 'started_by'],
    ['quarantine', 'ended_by'],
    ['review', 'author_id'],
    ['review', 'decided_by'],
    ['message_report', 'reporter_id'],
    ['retention_rule', 'set_by'],
    ['legal_hold', 'placed_by'],
    ['legal_hold', 'released_by'],
    ['audit_retention', 'set_by'],
    ['export_job', 'requested_by'],
    // A share they made is the workspace's decision about its file (an admin's, or an uploader's
    // whose file stays under a hold): the person it was given to keeps it, under the pseudonym.
    // Their own files go with their messages, and those files' shares with them (a cascade).
    ['file_share', 'created_by'],
    // Who resolved a thread is part of the thread's record.
    ['file_comment', 'resolved_by'],
  ],
  special: {
    'message.author_id': 'their messages: text destroyed (key shredded), tombstone under the pseudonym',
    'message.thread_participants': 'the pseudonym in place of the person',
    'audit_event.actor_id': 'entries rewritten with the pseudonym, each under a signed redaction',
    'support_conversation.visitor_id':
      "the visitor's support record goes with their visitor record (a cascade)",
    'support_conversation.assignee_id': 'unassigned when their membership goes (the key sets it null)',
    'file.uploader_id':
      'their files go with their messages, and their uploads never sent; a file a legal hold keeps stays under the pseudonym',
    'file_version.uploader_id':
      "as file.uploader_id; a version they uploaded of someone else's file stays in its history, under the pseudonym",
  },
  kept: {
    'message.mentions': "other people's messages that mention them are those people's to keep",
    'legal_hold.user_id': 'a legal hold on the person is why what it covers is kept',
  },
} as const satisfies {
  delete: Record<string, string>;
  pseudonymise: readonly (readonly [string, string])[];
  special: Record<string, string>;
  kept: Record<string, string>;
};

/** Tables outside any workspace that name a person: removed with the account (account.ts). */
export const ACCOUNT_TABLES = ['user', 'session', 'account', 'access_request'] as const;

'use client';
import { useRef, useState, type FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import type { Channel } from '@/components/chat/types';
import { Field, FormError } from '@/components/ui/field';
import { channelFormError, slugChannelName } from './channel-form';
import { useWorkspace } from './workspace-context';

/** "Edit channel" in the header: name (slugged as typed), topic and description in a modal dialog. */
export function EditChannel({ channel }: { channel: Channel }) {
  const { ws } = useWorkspace();
  const utils = trpc.useUtils();
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(channel.name);
  const [topic, setTopic] = useState(channel.topic);
  const [description, setDescription] = useState(channel.description);
  const update = trpc.channel.update.useMutation({
    onSuccess: async () => {
      await utils.channel.list.invalidate({ workspaceId: ws.id });
      ref.current?.close();
    },
  });
  const error = channelFormError(toShownError(update.error));

  const open = () => {
    setName(channel.name);
    setTopic(channel.topic);
    setDescription(channel.description);
    update.reset();
    ref.current?.showModal();
  };
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // Only what changed: an unchanged name must not collide with itself or be re-audited.
    update.mutate({
      workspaceId: ws.id,
      channelId: channel.id,
      ...(name !== channel.name ? { name } : {}),
      ...(topic.trim() !== channel.topic ? { topic } : {}),
      ...(description.trim() !== channel.description ? { description } : {}),
    });
  }

  return (
    <>
      <button type="button" className="secondary" onClick={open}>
        Edit channel
      </button>
      <dialog ref={ref} className="modal edit-channel" aria-labelledby={`edit-${channel.id}-title`}>
        <form className="stack" onSubmit={onSubmit} noValidate>
          <h2 id={`edit-${channel.id}-title`}>Edit #{channel.name}</h2>
          <FormError error={error} />
          <Field
            label="Name"
            name="name"
            value={name}
            onChange={(e) => setName(slugChannelName(e.target.value))}
            autoComplete="off"
            error={error}
            hint={
              <>
                Lower case, spaces become -: <span aria-live="polite">#{name}</span>
              </>
            }
          />
          <Field
            label="Topic"
            name="topic"
            value={topic}
            onChange={(e) => setTopic(e.target.value)}
            autoComplete="off"
            error={error}
          />
          <Field
            label="Description"
            name="description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            autoComplete="off"
            error={error}
          />
          <div className="row">
            <button type="submit" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="secondary" onClick={() => ref.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

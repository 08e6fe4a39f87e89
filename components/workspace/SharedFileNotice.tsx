'use client';
import { trpc } from '@/components/client/trpc';

/**
 * The names of the files shared with the caller that they may still see, by file id: what a
 * "shared a file with you" notification names (its row holds the file's id, never its name, which
 * is stored encrypted). Read only when the list holds such a notification.
 */
export function useSharedFileNames(workspaceId: string, enabled: boolean) {
  const q = trpc.attachment.sharedWithMe.useQuery({ workspaceId }, { enabled });
  return {
    loading: enabled && q.isPending,
    nameOf: (fileId: string | null) =>
      fileId ? q.data?.files.find((f) => f.file.id === fileId)?.file.name : undefined,
  };
}

/** "Ann shared a file with you: plan.pdf"; once the share ended, says so instead of a name. */
export function SharedFileText({
  who,
  name,
  loading,
}: {
  who: string;
  name: string | undefined;
  loading: boolean;
}) {
  if (name)
    return (
      <>
        <strong>{who}</strong> shared a file with you: <strong>{name}</strong>
      </>
    );
  return (
    <>
      <strong>{who}</strong> shared a file with you{loading ? '' : ' (it is no longer shared with you)'}
    </>
  );
}

'use client';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type DragEvent } from 'react';
import { useChat } from './ChatProvider';
import { summarise } from './upload-queue';
import { trayFor } from './upload-tray';

/** A composer's uploads: the chips, what they add up to, and what can be done with them. */
export function useUploads(conversationId: string, parentId: string | null) {
  const { engine, fileAuth } = useChat();
  const tray = useMemo(() => trayFor(engine, conversationId, parentId), [engine, conversationId, parentId]);
  const list = useSyncExternalStore(tray.subscribe, tray.all, tray.all);
  const notice = useSyncExternalStore(tray.subscribe, tray.notice, tray.notice);
  const summary = useMemo(() => summarise(list), [list]);
  // Read early, so that the first file added is checked without waiting for them.
  useEffect(() => void engine.files.limits(), [engine]);
  // Leaving the page would cut the uploads off: the browser asks first.
  const busy = summary.uploading > 0;
  useEffect(() => {
    if (!busy) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [busy]);
  return {
    tray,
    list,
    notice,
    summary,
    add: useCallback((files: readonly File[]) => tray.add(files, fileAuth), [tray, fileAuth]),
    retry: useCallback((key: string) => tray.retry(key, fileAuth), [tray, fileAuth]),
  };
}

const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/**
 * Dropping files on an area (the conversation, the thread pane): they go to that place's
 * composer, which is then focused. `dragging` is true while files are held over it (the drop
 * target shows); null `target` turns it off (nobody may post there).
 */
export function useFileDrop(target: { conversationId: string; parentId: string | null } | null) {
  const { engine, fileAuth } = useChat();
  const [depth, setDepth] = useState(0);
  const conversationId = target?.conversationId ?? null;
  const parentId = target?.parentId ?? null;
  // A drag that leaves the window without a drop (Escape, dropped elsewhere) ends here too.
  useEffect(() => {
    if (depth === 0) return;
    const end = () => setDepth(0);
    window.addEventListener('dragend', end);
    window.addEventListener('drop', end);
    return () => {
      window.removeEventListener('dragend', end);
      window.removeEventListener('drop', end);
    };
  }, [depth]);
  const handlers = useMemo(() => {
    if (!conversationId) return {};
    return {
      onDragEnter: (e: DragEvent<HTMLElement>) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDepth((d) => d + 1);
      },
      onDragOver: (e: DragEvent<HTMLElement>) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave: (e: DragEvent<HTMLElement>) => {
        if (!hasFiles(e)) return;
        setDepth((d) => Math.max(0, d - 1));
      },
      onDrop: (e: DragEvent<HTMLElement>) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDepth(0);
        const files = [...e.dataTransfer.files];
        if (files.length === 0) return;
        void trayFor(engine, conversationId, parentId).add(files, fileAuth);
        const box = e.currentTarget.querySelector<HTMLTextAreaElement>('.composer textarea');
        box?.focus();
      },
    };
  }, [engine, conversationId, parentId, fileAuth]);
  return { dragging: depth > 0 && conversationId !== null, handlers };
}

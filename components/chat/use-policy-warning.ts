'use client';
import { useEffect, useMemo, useState } from 'react';
import type { scanText } from '@/shared/dlp';
import type { ChatEngine } from './engine';
import { policyWarning, warnedDetectors, type PolicyWarning } from './policy-warning';
import type { ComposerRules } from './types';

type Scan = typeof scanText;

/**
 * The composer's view of the security policy: a warning about the draft before it is sent, and the
 * server's notice about the last send ("Sent with … masked"). The detectors load in a chunk of
 * their own, after the page: the first paint does not wait for them.
 */
export function usePolicyWarning(
  engine: ChatEngine,
  conversationId: string,
  parentId: string | null,
  text: string,
): { warning: PolicyWarning | null; notice: string | null; clearNotice: () => void } {
  const [rules, setRules] = useState<ComposerRules | null>(null);
  const [scan, setScan] = useState<{ run: Scan } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      void engine.composerRules().then((r) => {
        if (live) setRules(r);
      });
    load();
    const off = engine.onActivity((a) => {
      if (a.type !== 'notice' || a.conversationId !== conversationId || a.parentId !== parentId) return;
      setNotice(a.text);
      load();
    });
    return () => {
      live = false;
      off();
    };
  }, [engine, conversationId, parentId]);

  const enabled = useMemo(() => (rules ? warnedDetectors(rules.detectors) : null), [rules]);
  useEffect(() => {
    if (!enabled?.size || scan) return;
    let live = true;
    void import('@/shared/dlp').then((m) => {
      if (live) setScan({ run: m.scanText });
    });
    return () => {
      live = false;
    };
  }, [enabled, scan]);

  const warning = useMemo(
    () =>
      rules && enabled?.size && scan && text ? policyWarning(rules.detectors, scan.run(text, enabled)) : null,
    [rules, enabled, scan, text],
  );
  return { warning, notice, clearNotice: () => setNotice(null) };
}

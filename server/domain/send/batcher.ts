import type { WorkspaceId } from '../../db/tenant';
import { env } from '../../env';
import { AppError, asAppError, isUniqueViolation } from '../../lib/errors';
import { logFailure } from '../../lib/logger';
import type { Deps } from '../deps';
import type { DomainEvent } from '../events';
import { requestRotation } from '../keys/rotation';
import { publishScreened } from '../moderation/screen';
import type { MessageOutput } from '../message/schemas';
import { sendBatch, type SendDeps, type SendItem, type SendResult } from './send';

/** Workspaces whose last batch size is remembered at most (see SendBatcher.remember). */
export const MAX_REMEMBERED = 10_000;

interface Pending {
  item: SendItem;
  resolve: (r: SendResult) => void;
}

/**
 * Group commit for socket sends: concurrent sends to one workspace wait a moment (SEND_BATCH_WAIT_MS)
 * and share one transaction, so 50 senders cost a handful of commits instead of 50. Up to
 * SEND_BATCH_CONCURRENCY batches per workspace are in flight, but a conversation is in at most one of
 * them: sends to one conversation commit in the order they arrived, and each ack follows its commit.
 */
export class SendBatcher {
  constructor(private readonly deps: SendDeps & Pick<Deps, 'tenants' | 'events' | 'keys' | 'rotations'>) {}

  private readonly queues = new Map<WorkspaceId, Pending[]>();
  private readonly running = new Map<WorkspaceId, number>();
  private readonly busy = new Map<WorkspaceId, Set<string>>();
  /** Workspaces with a flush coming: the wait's timer, or null when it runs at the next turn. */
  private readonly scheduled = new Map<WorkspaceId, NodeJS.Timeout | null>();
  /** Size of each workspace's last batch: more than one means senders overlap, so waiting pays. */
  private readonly lastSize = new Map<WorkspaceId, number>();

  submit(workspaceId: WorkspaceId, item: SendItem): Promise<SendResult> {
    return new Promise((resolve) => {
      const q = this.queues.get(workspaceId) ?? [];
      q.push({ item, resolve });
      this.queues.set(workspaceId, q);
      this.schedule(workspaceId);
      // Everyone from the last batch is back: waiting longer would gather no one.
      const timer = this.scheduled.get(workspaceId);
      if (timer && q.length >= (this.lastSize.get(workspaceId) ?? 1)) {
        clearTimeout(timer);
        this.scheduled.set(workspaceId, null);
        setImmediate(() => this.go(workspaceId));
      }
    });
  }

  /**
   * A lone sender (the last batch held one send) goes at once: waiting would only add latency.
   * When sends overlap, waiting up to SEND_BATCH_WAIT_MS (or until as many sends as last time are
   * queued) gathers them into one commit.
   */
  private schedule(workspaceId: WorkspaceId) {
    if (this.scheduled.has(workspaceId)) return;
    if ((this.running.get(workspaceId) ?? 0) >= env().SEND_BATCH_CONCURRENCY) return;
    if ((this.lastSize.get(workspaceId) ?? 1) > 1) {
      this.scheduled.set(
        workspaceId,
        setTimeout(() => this.go(workspaceId), env().SEND_BATCH_WAIT_MS),
      );
    } else {
      this.scheduled.set(workspaceId, null);
      setImmediate(() => this.go(workspaceId));
    }
  }

  /**
   * The last batch size is all that outlives a workspace's sends; past MAX_REMEMBERED workspaces
   * the idle ones are forgotten (they start again as lone senders), so the map stays bounded.
   */
  private remember(workspaceId: WorkspaceId, size: number) {
    if (this.lastSize.size >= MAX_REMEMBERED && !this.lastSize.has(workspaceId)) {
      for (const ws of this.lastSize.keys())
        if (!this.queues.has(ws) && !this.running.has(ws) && !this.scheduled.has(ws))
          this.lastSize.delete(ws);
    }
    this.lastSize.set(workspaceId, size);
  }

  /** How many workspaces the batcher holds any state for (tests: it must stay bounded). */
  workspacesHeld(): number {
    const all = new Set([
      ...this.queues.keys(),
      ...this.running.keys(),
      ...this.busy.keys(),
      ...this.scheduled.keys(),
      ...this.lastSize.keys(),
    ]);
    return all.size;
  }

  private go(workspaceId: WorkspaceId) {
    this.scheduled.delete(workspaceId);
    void this.flush(workspaceId);
  }

  /** Takes queued sends whose conversation has no batch in flight, keeping each conversation's order. */
  private take(workspaceId: WorkspaceId): Pending[] {
    const q = this.queues.get(workspaceId) ?? [];
    const busy = this.busy.get(workspaceId) ?? new Set<string>();
    const skipped = new Set<string>();
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of q) {
      const c = p.item.conversationId;
      if (batch.length < env().SEND_BATCH_MAX && !busy.has(c) && !skipped.has(c)) batch.push(p);
      else {
        skipped.add(c);
        rest.push(p);
      }
    }
    if (rest.length) this.queues.set(workspaceId, rest);
    else this.queues.delete(workspaceId);
    return batch;
  }

  private async flush(workspaceId: WorkspaceId) {
    const batch = this.take(workspaceId);
    if (batch.length === 0) return;
    this.remember(workspaceId, batch.length);
    const convs = new Set(batch.map((p) => p.item.conversationId));
    const busy = this.busy.get(workspaceId) ?? new Set<string>();
    for (const c of convs) busy.add(c);
    this.busy.set(workspaceId, busy);
    this.running.set(workspaceId, (this.running.get(workspaceId) ?? 0) + 1);
    // More may be runnable now (other conversations): start another batch alongside this one.
    if (this.queues.get(workspaceId)?.length) this.schedule(workspaceId);
    try {
      await this.run(workspaceId, batch);
    } finally {
      for (const c of convs) busy.delete(c);
      if (busy.size === 0) this.busy.delete(workspaceId);
      const left = (this.running.get(workspaceId) ?? 1) - 1;
      if (left > 0) this.running.set(workspaceId, left);
      else this.running.delete(workspaceId);
      if (this.queues.get(workspaceId)?.length) this.schedule(workspaceId);
    }
  }

  private async run(workspaceId: WorkspaceId, batch: Pending[], retry = true) {
    try {
      const out = await this.commit(
        workspaceId,
        batch.map((p) => p.item),
      );
      batch.forEach((p, i) => p.resolve(out.results[i] ?? internal()));
      await this.after(workspaceId, out.events, out.rotateVersion);
    } catch (e) {
      if (retry && isUniqueViolation(e)) {
        // A client id raced another batch (another conversation, or another server): once that one
        // has committed, each send alone finds it and gets its own answer (the original or CONFLICT).
        for (const p of batch) await this.run(workspaceId, [p], false);
        return;
      }
      logFailure(e, 'send batch failed', { workspaceId });
      const error = asAppError(e) ?? new AppError('UNAVAILABLE', 'Could not store the message; retry');
      for (const p of batch) p.resolve({ ok: false, error });
    }
  }

  /** One statement, its own transaction: the checks (membership included) and the writes. */
  private commit(workspaceId: WorkspaceId, items: SendItem[]) {
    const { tenants } = this.deps;
    // The statement is its own transaction (it sets the tenant itself); reads open a tenant one.
    return sendBatch(
      this.deps,
      tenants.global,
      (fn) => tenants.system(workspaceId, (tx) => fn(tx)),
      workspaceId,
      items,
    );
  }

  private async after(workspaceId: WorkspaceId, events: DomainEvent[], rotateVersion: number | null) {
    await publishScreened(this.deps, workspaceId, events);
    if (rotateVersion !== null) await requestRotation(this.deps, workspaceId, rotateVersion);
  }

  /** Sends through the group-commit batcher (socket `message:send`). */
  async send(
    workspaceId: WorkspaceId,
    item: SendItem,
  ): Promise<{ message: MessageOutput; duplicate: boolean; notice: string | null }> {
    const r = await this.submit(workspaceId, item);
    if (!r.ok) throw r.error;
    return { message: r.message, duplicate: r.duplicate, notice: r.notice };
  }
}

const internal = (): SendResult => ({ ok: false, error: new AppError('INTERNAL', 'Not processed') });

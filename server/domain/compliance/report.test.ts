import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asSuperuser } from '../../../test/db';
import type { z } from 'zod';
import { message, workspaceWith } from '../../../test/factories';
import type { reportOutput } from './report-schemas';

// The compliance report reads its evidence live: what is configured shows as in force, what is
// not as off, and a broken audit chain or a failed control as needing attention.

const today = new Date().toISOString().slice(0, 10);
const period = (workspaceId: string) => ({ workspaceId, from: '2026-01-01', to: today });
type Report = z.infer<typeof reportOutput>;
const section = (r: Report, id: string) => {
  const s = r.sections.find((x) => x.id === id);
  if (!s) throw new Error(`no ${id} section`);
  return { ...s, fact: (label: string) => s.facts.find((f) => f.label === label)?.value };
};

describe('the compliance report', () => {
  it('shows every control with its evidence and its GDPR, HIPAA and SOC 2 mapping', async () => {
    const ws = await workspaceWith({ member: 2 }, { name: `Report ${randomUUID().slice(0, 8)}` });
    const api = ws.api;
    await api.compliance.setRetention({ workspaceId: ws.id, messageDays: 30 });
    await api.compliance.placeHold({ workspaceId: ws.id, scope: 'workspace', reason: 'Case 12' });
    await message(ws, ws.general, { body: 'card 4242 4242 4242 4242' });
    await api.admin.startLockdown({ workspaceId: ws.id, mode: 'read_only', reason: 'drill', minutes: 5 });
    await api.admin.liftLockdown({ workspaceId: ws.id });
    await api.compliance.createExport({ workspaceId: ws.id, includeDeleted: false, formats: ['csv'] });

    const r = await api.compliance.report(period(ws.id));
    expect(r.sections.map((s) => s.id)).toEqual([
      'encryption',
      'retention',
      'holds',
      'dlp',
      'audit',
      'access',
      'requests',
      'incidents',
    ]);
    for (const s of r.sections) expect(s.controls.length, s.id).toBeGreaterThan(0);
    expect(new Set(r.sections.flatMap((s) => s.controls.map((x) => x.framework)))).toEqual(
      new Set(['GDPR', 'HIPAA', 'SOC 2']),
    );
    expect(section(r, 'encryption').fact('Current key')).toMatch(/^version 1, created /);
    expect(section(r, 'retention')).toMatchObject({ status: 'attention' }); // no sweep has run yet
    expect(section(r, 'retention').fact('Messages')).toBe('deleted after 30 days');
    expect(section(r, 'holds')).toMatchObject({
      status: 'in_force',
      table: { rows: [['the whole workspace', 'Case 12', ws.owner.name, today]] },
    });
    expect(section(r, 'dlp').fact('Hits in the period')).toBe('1');
    expect(section(r, 'audit')).toMatchObject({ status: 'in_force', notes: [] });
    expect(section(r, 'access').table?.rows).toHaveLength(3);
    expect(section(r, 'requests').fact('Workspace exports in the period')).toBe('1');
    expect(section(r, 'requests').fact('Data-subject requests')).toMatch(/not recorded/);
    expect(section(r, 'incidents').fact('Lockdowns in the period')).toBe('1');
    expect(r.generatedBy).toEqual({ id: ws.owner.userId, name: ws.owner.name });
  });

  it('claims nothing that is not configured, and flags a broken audit chain', async () => {
    const ws = await workspaceWith({}, { name: `Bare ${randomUUID().slice(0, 8)}` });
    const before = await ws.api.compliance.report(period(ws.id));
    expect(section(before, 'retention')).toMatchObject({ status: 'off' });
    expect(section(before, 'retention').fact('Messages')).toBe('kept for ever');
    expect(section(before, 'holds')).toMatchObject({ status: 'off', table: null });
    // Someone with the database's superuser alters an entry: the report says so.
    await asSuperuser(async (c) => {
      await c.query("SET session_replication_role = 'replica'");
      await c.query(`UPDATE audit_event SET action = 'forged' WHERE workspace_id = $1 AND seq = 1`, [ws.id]);
      await c.query("SET session_replication_role = 'origin'");
    });
    const after = await ws.api.compliance.report(period(ws.id));
    expect(section(after, 'audit')).toMatchObject({ status: 'attention' });
    expect(section(after, 'audit').notes[0]).toMatch(/^The chain breaks at entry #1/);
  });
});

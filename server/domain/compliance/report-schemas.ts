import { z } from 'zod';

/** A control a section gives evidence for: its framework, its reference and its name. */
export const controlView = z.object({
  framework: z.enum(['GDPR', 'HIPAA', 'SOC 2']),
  ref: z.string(),
  name: z.string(),
});
export type Control = z.infer<typeof controlView>;

/** One part of the report: what is in force, read live, in facts and (where useful) a table. */
export const reportSection = z.object({
  id: z.string(),
  title: z.string(),
  /** in_force: configured and healthy; attention: something to look at (notes say what); off: not configured. */
  status: z.enum(['in_force', 'attention', 'off']),
  controls: z.array(controlView),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  notes: z.array(z.string()),
  table: z
    .object({ caption: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.string())) })
    .nullable(),
});
export type ReportSection = z.infer<typeof reportSection>;

export const reportOutput = z.object({
  workspace: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  period: z.object({ from: z.iso.date(), to: z.iso.date() }),
  generatedAt: z.iso.datetime(),
  generatedBy: z.object({ id: z.string(), name: z.string() }),
  sections: z.array(reportSection),
});

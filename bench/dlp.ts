// `dlp scan p95`: what the DLP detectors (all six on) cost on a 4 KB message, against the cost of
// encrypting the same message with its workspace key, which every send already pays. No database:
// both run in this process, as the send path runs them.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { encryptField } from '../server/lib/crypto/aead';
import { scanText } from '../shared/dlp';
import { plantedArb } from '../test/dlp-samples';
import { median, quantile, type Figure } from './lib';
import { messageWords, rng } from './words';

const LENGTH = 4 * 1024;
const MESSAGES = 200;
const PAIRS = 7;

/** Chat-like 4 KB messages; every other one has a card, SSN, IBAN or secret somewhere inside. */
function messages(): string[] {
  const next = rng(14);
  const planted = fc.sample(plantedArb, { numRuns: MESSAGES, seed: 14 });
  return planted.map((p, i) => {
    let text = '';
    while (text.length < LENGTH) text += `${messageWords(next).join(' ')}. `;
    if (i % 2 === 0) return text.slice(0, LENGTH);
    const at = Math.floor(next() * (LENGTH - p.text.length));
    return `${text.slice(0, at)} ${p.text} ${text.slice(at)}`.slice(0, LENGTH + p.text.length);
  });
}

/** Milliseconds each message took, one call each. */
function timeEach(texts: readonly string[], run: (t: string) => unknown): number[] {
  return texts.map((t) => {
    const start = performance.now();
    run(t);
    return performance.now() - start;
  });
}

export function dlpBenchmark(): Figure[] {
  const texts = messages();
  const key = randomBytes(32);
  const binding = { workspaceId: 'bench', table: 'message', rowId: '1', column: 'body' };
  const scan = (t: string) => scanText(t);
  const encrypt = (t: string) => encryptField(key, 1, binding, t);
  for (let w = 0; w < 5; w++) {
    timeEach(texts, scan);
    timeEach(texts, encrypt);
  }
  // Subject and baseline alternate (A B A B …); the figure is the median of the per-pair ratios.
  const scans: number[] = [];
  const encrypts: number[] = [];
  const ratios: number[] = [];
  for (let p = 0; p < PAIRS; p++) {
    const a = quantile(timeEach(texts, scan), 0.95);
    const b = quantile(timeEach(texts, encrypt), 0.95);
    scans.push(a);
    encrypts.push(b);
    ratios.push(a / b);
  }
  const found = texts.filter((t) => scanText(t).length > 0).length;
  return [
    {
      name: 'dlp scan p95',
      value: median(scans),
      unit: 'ms',
      baseline: median(encrypts),
      ratio: median(ratios),
      note:
        `${MESSAGES} messages of 4 KB, half with one planted item (${found} had a finding), ${PAIRS} pairs; ` +
        `the target is at most 2 ms per message on the development machine`,
    },
  ];
}

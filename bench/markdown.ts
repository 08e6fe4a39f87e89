// `markdown worst case`: what the Markdown renderer costs on the inputs that used to be super-linear,
// against plain text of the same length. No database and no server: it renders in this process, as
// every viewer's browser does. Samples are this process's CPU time, not wall time: on a shared
// machine with more runnable processes than cores, wall time mostly measures the wait for a core.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Markdown } from '../components/chat/Markdown';
import { median, type Figure } from './lib';
import { messageWords, rng } from './words';

/** The most a message may hold (16 KB of UTF-8; these are ASCII). */
const LENGTH = 16 * 1024;
const PAIRS = 11;
/** Renders of each input per sample, so that a sample lasts about 20 ms. */
const REPEAT = 5;

const fill = (fragment: string) => fragment.repeat(Math.ceil(LENGTH / fragment.length)).slice(0, LENGTH);

/** Runs of backticks, each shorter than the one before: no run closes an earlier one. */
function shrinkingTicks(): string {
  let out = '';
  for (let n = 180; n > 0 && out.length < LENGTH; n--) out += '`'.repeat(n) + ' ';
  return out.padEnd(LENGTH, 'a').slice(0, LENGTH);
}

/** The hostile messages: each repeats what once made the parser re-scan the rest of the text. */
const worstInputs: Record<string, string> = {
  'repeated *a': fill('*a '),
  'repeated **a': fill('**a '),
  'repeated _a': fill('_a '),
  'repeated [a](': fill('[a]('),
  'http://a and )))': 'http://a' + ')'.repeat(LENGTH - 8),
  'rejected URLs in a row': fill('http://[a)'),
  'shrinking backtick runs': shrinkingTicks(),
  'repeated <@ and 64 letters': fill('<@' + 'a'.repeat(64)),
  'all of them mixed': fill('*a **a _a [a]( http://[a) <@x '),
};

/**
 * Not in the figure: a message that really is full of formatting (a code span, a link and text every
 * 32 characters). It costs more than plain text because it renders a thousand elements, not because
 * of the parse; the note says by how much.
 */
const richInput = fill('*a [a]( http://a) `` <@x _b **c ');

/** Also not in the figure: list items indented deeper and deeper, then back, every level reopened. */
const stairsInput = fill(
  Array.from({ length: 8 }, (_, i) => `${'  '.repeat(i)}- a\n`).join('') +
    Array.from({ length: 8 }, (_, i) => `${'  '.repeat(7 - i)}1. b\n`).join(''),
);

/** Chat-like words and spaces, as long as `text`. */
function plainLike(text: string, seed: number): string {
  const next = rng(seed);
  let out = '';
  while (out.length < text.length) out += `${messageWords(next).join(' ')}. `;
  return out.slice(0, text.length);
}

const nameOf = () => 'Someone';
const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text, nameOf }));

/** CPU milliseconds to render each of `texts` REPEAT times. */
function sample(texts: readonly string[]): number {
  const start = process.cpuUsage();
  for (let r = 0; r < REPEAT; r++) for (const t of texts) render(t);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The median ratio of rendering `a` to rendering `b`, over `pairs` alternating pairs. */
function medianRatio(a: readonly string[], b: readonly string[], pairs: number): number {
  const r: number[] = [];
  for (let p = 0; p < pairs; p++) r.push(sample(a) / sample(b));
  return median(r);
}

export function markdownBenchmark(): Figure[] {
  const names = Object.keys(worstInputs);
  const hostile = Object.values(worstInputs);
  const plain = hostile.map((t, i) => plainLike(t, i + 1));
  for (let w = 0; w < 4; w++) {
    // Warm-up: let the JIT settle on both.
    sample(hostile);
    sample(plain);
  }
  // Subject and baseline alternate, A B A B, so both see the same machine; the figure is the median
  // of the per-pair ratios.
  const ratios: number[] = [];
  const subjectMs: number[] = [];
  const baselineMs: number[] = [];
  for (let p = 0; p < PAIRS; p++) {
    const a = sample(hostile);
    const b = sample(plain);
    subjectMs.push(a);
    baselineMs.push(b);
    ratios.push(a / b);
  }
  // Per input, the same way, to say which one is the worst.
  const perInput = names.map(
    (name, i) => `${name} ${medianRatio([hostile[i]!], [plain[i]!], 5).toFixed(2)}×`,
  );
  const rich = medianRatio([richInput], [plainLike(richInput, 99)], 5);
  const stairs = medianRatio([stairsInput], [plainLike(stairsInput, 98)], 5);
  const value = median(ratios);
  const perMessage = (ms: number[]) => (median(ms) / (REPEAT * hostile.length)).toFixed(3);
  return [
    {
      name: 'markdown worst case',
      value,
      unit: '×',
      baseline: 1,
      ratio: value,
      note:
        `${hostile.length} hostile 16 KB messages against plain text of the same length, ${PAIRS} pairs; ` +
        `CPU ms per message ${perMessage(subjectMs)} against ${perMessage(baselineMs)}; ` +
        `per input: ${perInput.join(', ')}; not in the figure, a message full of formatting ${rich.toFixed(2)}× ` +
        `and one of nested list items ${stairs.toFixed(2)}×`,
    },
  ];
}

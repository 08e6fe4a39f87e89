import { describe, expect, it } from 'vitest';
import { nextTabState, pendingKey, rowKeyOf, type TabState } from './tab-scope';

/** A control taken out of scope and brought back. */
const roundTrip = (start: TabState) => nextTabState(nextTabState(start, false), true);

describe('nextTabState', () => {
  it('takes a control out of the tab order and keeps its own tabindex', () => {
    expect(nextTabState({ attr: null, saved: null }, false)).toEqual({ attr: '-1', saved: '' });
    expect(nextTabState({ attr: '0', saved: null }, false)).toEqual({ attr: '-1', saved: '0' });
    // Already -1 of its own (an emoji cell off the grid's stop): kept as -1.
    expect(nextTabState({ attr: '-1', saved: null }, false)).toEqual({ attr: '-1', saved: '-1' });
  });

  it('gives the control its own tabindex back in scope, none where it had none', () => {
    expect(roundTrip({ attr: null, saved: null })).toEqual({ attr: null, saved: null });
    expect(roundTrip({ attr: '0', saved: null })).toEqual({ attr: '0', saved: null });
    expect(roundTrip({ attr: '-1', saved: null })).toEqual({ attr: '-1', saved: null });
  });

  it('changes nothing twice: out of scope stays out, in scope stays as it is', () => {
    const out = nextTabState({ attr: '0', saved: null }, false);
    expect(nextTabState(out, false)).toEqual(out);
    expect(nextTabState({ attr: '0', saved: null }, true)).toEqual({ attr: '0', saved: null });
    expect(nextTabState({ attr: null, saved: null }, true)).toEqual({ attr: null, saved: null });
  });

  it('takes a value React rewrote out of scope as the control’s own', () => {
    // Kept '' (none), then React rendered tabindex 0 on it while out of scope.
    const rewritten = { attr: '0', saved: '' };
    const out = nextTabState(rewritten, false);
    expect(out).toEqual({ attr: '-1', saved: '0' });
    expect(nextTabState(out, true)).toEqual({ attr: '0', saved: null });
  });
});

describe('rowKeyOf', () => {
  it('names a stored message by id and a pending one by its client id, as the rows do', () => {
    expect(rowKeyOf({ messageId: 'm1' })).toBe('m1');
    expect(rowKeyOf({ clientMsgId: 'c1' })).toBe(pendingKey('c1'));
    expect(pendingKey('c1')).not.toBe('c1');
    expect(rowKeyOf({})).toBeNull();
  });
});

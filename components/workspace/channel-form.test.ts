import { describe, expect, it } from 'vitest';
import { channelFieldSentence, channelFormError, slugChannelName } from './channel-form';

describe('slugChannelName', () => {
  it('lower-cases and turns spaces into dashes', () => {
    expect(slugChannelName('Release Planning')).toBe('release-planning');
    expect(slugChannelName('a   b\tc')).toBe('a-b-c');
  });
  it('keeps only a-z, digits, _ and -', () => {
    expect(slugChannelName('Q3 #plans! (v2)_x-y')).toBe('q3-plans-v2_x-y');
    expect(slugChannelName('日本')).toBe('');
  });
  it('folds accents instead of dropping the letter', () => {
    expect(slugChannelName('Café Crème')).toBe('cafe-creme');
  });
  it('stops at the server limit', () => {
    expect(slugChannelName('x'.repeat(100))).toHaveLength(80);
  });
});

describe('channel form errors', () => {
  it('turns the server words into sentences about the field', () => {
    expect(channelFieldSentence('name', 'Required')).toBe('Give the channel a name.');
    expect(channelFieldSentence('name', 'Taken')).toBe('Another channel already has this name.');
    expect(channelFieldSentence('topic', 'At most 250 characters')).toBe(
      'The topic can be at most 250 characters long.',
    );
    expect(
      channelFieldSentence('name', 'Lower-case letters, digits, - and _; start with a letter or digit'),
    ).toBe('Use only lower-case letters, digits, - and _, and start with a letter or digit.');
    expect(channelFieldSentence('description', 'Something odd')).toBe('Something odd.');
  });
  it('shows field problems at the fields only', () => {
    const shown = channelFormError({ message: '#x already exists', fieldErrors: { name: ['Taken'] } });
    expect(shown).toEqual({ message: '', fieldErrors: { name: ['Another channel already has this name.'] } });
    expect(channelFormError({ message: 'Offline', fieldErrors: {} })).toEqual({
      message: 'Offline',
      fieldErrors: {},
    });
    expect(channelFormError(null)).toBeNull();
  });
});

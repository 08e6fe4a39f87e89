import { describe, expect, it } from 'vitest';
import { WIDGET_AWAY_DEFAULT } from '../../../shared/limits';
import { parseSettings, widgetSettingsPatch } from './settings';

// Widget appearance fields added after settings were first stored: old rows keep their widget (on,
// with its origins) and get the defaults; a patch still checks each new field strictly.
const stored = {
  widget: {
    enabled: true,
    allowedOrigins: ['https://shop.example'],
    anonymous: false,
    anonymousPerHour: 5,
    appearance: { title: 'Help', greeting: 'Hi', color: '#0f766e', position: 'left' },
  },
};

describe('widget appearance settings', () => {
  it('reads settings stored before theme, reply time and away message existed', () => {
    const w = parseSettings(stored).widget;
    expect(w.enabled).toBe(true);
    expect(w.allowedOrigins).toEqual(['https://shop.example']);
    expect(w.appearance).toEqual({
      title: 'Help',
      greeting: 'Hi',
      color: '#0f766e',
      position: 'left',
      theme: 'visitor',
      replyTime: 'minutes',
      awayMessage: WIDGET_AWAY_DEFAULT,
    });
  });

  it('falls back per field on a bad stored value, without turning the widget off', () => {
    const bad = { widget: { ...stored.widget, appearance: { ...stored.widget.appearance, theme: 'neon' } } };
    const w = parseSettings(bad).widget;
    expect(w.enabled).toBe(true);
    expect(w.appearance.theme).toBe('visitor');
    expect(w.appearance.title).toBe('Help');
  });

  it('refuses an unknown theme or reply time in a patch, with a human message', () => {
    const r = widgetSettingsPatch.safeParse({ appearance: { theme: 'neon' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('Light, dark, the host page or the visitor');
    expect(widgetSettingsPatch.safeParse({ appearance: { replyTime: 'week' } }).success).toBe(false);
    expect(widgetSettingsPatch.safeParse({ appearance: { theme: 'host', replyTime: 'day' } }).success).toBe(
      true,
    );
  });
});

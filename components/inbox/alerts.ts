'use client';
import { useCallback, useEffect, useState } from 'react';

const SOUND_KEY = 'enclave:inbox-sound';
const NOTIFY_KEY = 'enclave:inbox-notify';

function readFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}
function writeFlag(key: string, on: boolean) {
  try {
    if (on) localStorage.setItem(key, '1');
    else localStorage.removeItem(key);
  } catch {
    // Not remembered; still on for this page.
  }
}

/** The choices as stored now (read at each alert, so a change on any screen applies at once). */
export function alertFlags() {
  return {
    sound: readFlag(SOUND_KEY),
    notify:
      readFlag(NOTIFY_KEY) && typeof Notification !== 'undefined' && Notification.permission === 'granted',
  };
}

/** The person's choices for inbox alerts, remembered in this browser (both off until asked for). */
export function useAlertChoices() {
  // Rendered only in the browser (behind the workspace gate), so storage can be read at once.
  const [sound, setSoundState] = useState(() => typeof window !== 'undefined' && alertFlags().sound);
  const [notify, setNotifyState] = useState(() => typeof window !== 'undefined' && alertFlags().notify);
  const setSound = useCallback((on: boolean) => {
    writeFlag(SOUND_KEY, on);
    setSoundState(on);
    if (on) chime();
  }, []);
  /** Asks the browser first; stays off when the person (or the browser) says no. */
  const setNotify = useCallback(async (on: boolean): Promise<string | null> => {
    if (!on) {
      writeFlag(NOTIFY_KEY, false);
      setNotifyState(false);
      return null;
    }
    if (typeof Notification === 'undefined') return 'This browser cannot show notifications.';
    const permission =
      Notification.permission === 'default'
        ? await Notification.requestPermission()
        : Notification.permission;
    if (permission !== 'granted')
      return 'Notifications are blocked for this site; allow them in the browser’s site settings.';
    writeFlag(NOTIFY_KEY, true);
    setNotifyState(true);
    return null;
  }, []);
  return { sound, notify, setSound, setNotify };
}

let audio: AudioContext | null = null;

/** A short two-note chime, made on the spot (no sound file to load). */
export function chime() {
  try {
    audio ??= new AudioContext();
    const t = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, t + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + i * 0.12);
      osc.stop(t + i * 0.12 + 0.3);
    }
  } catch {
    // No audio output (or autoplay refused before any click): the visual marks still show it.
  }
}

/** A browser notification that brings this tab to the conversation when clicked. */
export function notifyVisitor(title: string, body: string, onClick: () => void) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(title, { body, tag: `enclave-inbox:${title}` });
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
}

/**
 * Draws the count of waiting visitors over the favicon, as mail clients do, and puts the plain icon
 * back when nothing waits or the page goes.
 */
export function useFaviconCount(count: number) {
  useEffect(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    if (!link) return;
    const original = link.getAttribute('href');
    if (count <= 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 32;
    const g = canvas.getContext('2d');
    if (!g) return;
    g.fillStyle = '#4f46e5';
    g.beginPath();
    g.roundRect(0, 0, 32, 32, 7);
    g.fill();
    g.fillStyle = '#b91c1c';
    g.beginPath();
    g.arc(21, 11, 11, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = 'bold 15px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(count > 9 ? '9+' : String(count), 21, 12);
    link.setAttribute('href', canvas.toDataURL('image/png'));
    link.dataset.count = String(count);
    return () => {
      if (original) link.setAttribute('href', original);
      delete link.dataset.count;
    };
  }, [count]);
}

import { describe, expect, it } from 'vitest';
import { isRecordTemplate, recordUrl } from './record-links';

describe('record links', () => {
  it('accepts absolute http(s) templates with {id} only', () => {
    expect(isRecordTemplate('https://shop.example/invoices/{id}')).toBe(true);
    expect(isRecordTemplate('http://localhost:3000/widget-demo.html?invoice={id}')).toBe(true);
    expect(isRecordTemplate('https://shop.example/invoices/')).toBe(false);
    expect(isRecordTemplate('javascript:alert({id})')).toBe(false);
    expect(isRecordTemplate('/invoices/{id}')).toBe(false);
    expect(isRecordTemplate(`https://x.example/${'a'.repeat(500)}{id}`)).toBe(false);
  });

  it('puts the id in, encoded, and knows no link for a type without a template', () => {
    const t = { invoice: 'https://shop.example/invoices/{id}?tab=chat' };
    expect(recordUrl(t, 'invoice', '42')).toBe('https://shop.example/invoices/42?tab=chat');
    expect(recordUrl(t, 'invoice', 'a/b?c#d')).toBe('https://shop.example/invoices/a%2Fb%3Fc%23d?tab=chat');
    expect(recordUrl(t, 'order', '42')).toBeNull();
    expect(recordUrl(t, 'toString', '42')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { zh } from './zh';
import { en } from './en';
import { DICTIONARIES, translator, hasKey } from './dictionary';
import { interpolate, placeholders, LANGS } from './translate';
import { CASE_STATES, ROLES } from '../api/types';

describe('dictionaries', () => {
  it('have exactly the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });
  it('have no empty message', () => {
    for (const lang of LANGS)
      for (const [k, v] of Object.entries(DICTIONARIES[lang])) expect(v.trim(), `${lang}:${k}`).not.toBe('');
  });
  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect(placeholders(en[k]), k).toEqual(placeholders(zh[k]));
  });
  it('name every role, case state, priority and escalation level the engine can send', () => {
    for (const r of ROLES) expect(hasKey(`role.${r}`), r).toBe(true);
    for (const s of CASE_STATES) expect(hasKey(`state.${s}`), s).toBe(true);
    for (const p of ['urgent', 'high', 'normal']) expect(hasKey(`priority.${p}`)).toBe(true);
    for (const e of ['none', 'community', 'street', 'district']) expect(hasKey(`escalation.${e}`)).toBe(true);
  });
  it('really translate (English differs from Chinese for ordinary messages)', () => {
    const same = (Object.keys(zh) as (keyof typeof zh)[]).filter((k) => zh[k] === en[k] && !k.startsWith('lang.') && !/^\{\w+\}$/.test(zh[k]));
    expect(same).toEqual([]);
  });
});

describe('translator', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('剩余 {d}', { d: '2小时' })).toBe('剩余 2小时');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(interpolate('no params')).toBe('no params');
  });
  it('translates by language', () => {
    expect(translator('zh')('sync.queued', { n: 3 })).toBe('3 条待上传');
    expect(translator('en')('sync.queued', { n: 3 })).toBe('3 waiting to send');
  });
});

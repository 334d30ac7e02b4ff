import { describe, expect, it } from 'vitest';
import type { CategoryInfo } from '../api/types';
import { categoryName, groupByMajor, matchScore, searchCategories } from './categorySearch';

function cat(code: string, kind: CategoryInfo['kind'], major: string, zh: string, en: string): CategoryInfo {
  return { code, kind, major_code: `${kind[0]}${code.slice(1, 3)}`, major_name_zh: major, name_zh: zh, name_en: en };
}

const CATS: CategoryInfo[] = [
  cat('E0101', 'event', '市容环境', '暴露垃圾', 'Exposed garbage'),
  cat('E0102', 'event', '市容环境', '积存垃圾渣土', 'Accumulated waste'),
  cat('E0201', 'event', '宣传广告', '非法小广告', 'Illegal flyers'),
  cat('C0101', 'component', '公用设施', '井盖破损', 'Damaged manhole cover'),
  cat('C0201', 'component', '道路交通', '路灯损坏', 'Broken street light'),
  cat('C0301', 'component', '市容环境', '垃圾箱', 'Litter bin'),
];

const codes = (cs: CategoryInfo[]) => cs.map((c) => c.code);

describe('searchCategories', () => {
  it('returns everything, in order, for an empty query', () => {
    expect(codes(searchCategories(CATS, '  '))).toEqual(codes(CATS));
  });
  it('finds by Chinese name, whole name and prefix first', () => {
    expect(codes(searchCategories(CATS, '垃圾箱'))).toEqual(['C0301']);
    expect(codes(searchCategories(CATS, '垃圾'))).toEqual(['C0301', 'E0101', 'E0102']);
  });
  it('finds by English name, any case, word prefix before substring', () => {
    expect(codes(searchCategories(CATS, 'LIGHT'))).toEqual(['C0201']);
    expect(codes(searchCategories(CATS, 'man'))).toEqual(['C0101']);
    expect(codes(searchCategories(CATS, 'bin'))).toEqual(['C0301']);
  });
  it('falls back to the major class and then the code', () => {
    expect(codes(searchCategories(CATS, '道路交通'))).toEqual(['C0201']);
    expect(codes(searchCategories(CATS, 'e02'))).toEqual(['E0201']);
  });
  it('finds nothing for a name that is not there', () => {
    expect(searchCategories(CATS, '噪声')).toEqual([]);
    expect(matchScore(CATS[0]!, 'zzz')).toBe(0);
  });
});

describe('category names and groups', () => {
  it('shows the name in the chosen language', () => {
    expect(categoryName(CATS[3]!, 'zh')).toBe('井盖破损');
    expect(categoryName(CATS[3]!, 'en')).toBe('Damaged manhole cover');
  });
  it('groups by kind and major class, keeping events and components apart', () => {
    const g = groupByMajor(CATS);
    expect(g.map((x) => `${x.kind}:${x.major}:${x.items.length}`)).toEqual([
      'event:市容环境:2',
      'event:宣传广告:1',
      'component:公用设施:1',
      'component:道路交通:1',
      'component:市容环境:1',
    ]);
  });
});

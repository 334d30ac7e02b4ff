import { describe, expect, it } from 'vitest';
import type { Warning, WarningKind } from '../api/types';
import { translator } from '../i18n/dictionary';
import { KIND_LABEL, KIND_ORDER, caseLabel, countText, groupWarnings, kindCounts, linkedCases, whyText } from './warnings';

function w(kind: WarningKind, area_name: string, count: number, cases: string[] = []): Warning {
  return {
    kind,
    area: '130302001001001',
    area_name,
    category: kind === 'repeated' ? '0101' : null,
    cases,
    count,
    why: `${area_name} 原因`,
    why_en: `${area_name} reason`,
  };
}

describe('risk warnings', () => {
  it('groups by rule in the fixed order, leaving out rules with none, largest count first', () => {
    const list = [
      w('no_patrol', '第3网格', 9),
      w('repeated', '第1网格', 3, ['a', 'b', 'c']),
      w('due_soon', '第2网格', 1, ['d']),
      w('repeated', '第2网格', 5, ['e']),
      w('repeated', '第0网格', 3, ['f']),
    ];
    const groups = groupWarnings(list);
    expect(groups.map((g) => g.kind)).toEqual(['repeated', 'due_soon', 'no_patrol']);
    expect(groups[0]!.warnings.map((x) => x.area_name)).toEqual(['第2网格', '第0网格', '第1网格']);
    expect(groupWarnings([])).toEqual([]);
    expect(kindCounts(list)).toEqual({ repeated: 3, rising: 0, due_soon: 1, no_patrol: 1 });
  });

  it('labels every rule in both languages', () => {
    const zh = translator('zh');
    const en = translator('en');
    expect(KIND_ORDER.map((k) => zh(KIND_LABEL[k]))).toEqual(['重复发生', '异常上升', '即将超期', '巡查空白']);
    expect(KIND_ORDER.map((k) => en(KIND_LABEL[k]))).toEqual(['Repeated', 'Rising', 'Due soon', 'No patrol']);
    expect(zh('warnings.empty')).toBe('暂无预警');
  });

  it('gives the reason in the chosen language and the cases a warning opens', () => {
    const x = w('rising', '红旗里社区', 7, ['c1', 'c2', 'c1']);
    expect(whyText(x, 'zh')).toBe('红旗里社区 原因');
    expect(whyText(x, 'en')).toBe('红旗里社区 reason');
    expect(whyText({ ...x, why_en: '' }, 'en')).toBe('红旗里社区 原因');
    expect(linkedCases(x)).toEqual(['c1', 'c2']);
    expect(linkedCases(w('no_patrol', '第3网格', 9))).toEqual([]);
    expect(caseLabel('01a252aa-0000-7000-8000-00000000beef')).toBe('…00beef');
    expect(caseLabel('c1')).toBe('c1');
    expect(countText(x)).toBe('7');
    expect(countText(w('no_patrol', '第3网格', 0))).toBe('—');
  });
});

import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/dictionary';
import { EXPORT_FORMATS, EXPORT_LABEL, savedText } from './exports';

describe('exports', () => {
  it('offers CSV, Excel and GeoJSON, labelled in both languages', () => {
    expect(EXPORT_FORMATS).toEqual(['csv', 'xlsx', 'geojson']);
    expect(EXPORT_FORMATS.map((f) => translator('zh')(EXPORT_LABEL[f]))).toEqual(['导出 CSV', '导出 Excel', '导出 GeoJSON']);
    expect(translator('zh')('export.assessment')).toBe('导出考核表');
  });

  it('says where the file was saved', () => {
    const file = { path: '/home/u/下载/cases-20261207.csv', bytes: 120 };
    expect(savedText(file, translator('zh'))).toBe('已保存到 /home/u/下载/cases-20261207.csv');
    expect(savedText(file, translator('en'))).toBe('Saved to /home/u/下载/cases-20261207.csv');
  });
});

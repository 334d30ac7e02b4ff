import { describe, expect, it } from 'vitest';
import { dispositionName, isPdf, pdfPages, placardFileName } from './httpFiles';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('downloaded files’ names (placards::file_name, reports::disposition_name)', () => {
  it('a print says whose, which and when, in the window’s local time', () => {
    // 2025-03-01T00:30:05Z is 08:30:05 in Beijing.
    const at = 1_740_789_005_000;
    expect(placardFileName('130302001001', 'stale', at, 480)).toBe('公示牌-130302001001-重印-20250301-083005.pdf');
    // West of Greenwich it is still the evening before.
    expect(placardFileName('130302001001', 'all', at, -300)).toBe('公示牌-130302001001-全部-20250228-193005.pdf');
    expect(placardFileName('130302001001', 'unprinted', 0, 0)).toBe('公示牌-130302001001-未打印-19700101-000000.pdf');
    expect(placardFileName('130302001001', 'listed', Date.UTC(2024, 1, 29, 12) + 999, 24 * 60)).toBe('公示牌-130302001001-选定-20240301-020000.pdf');
  });
  it('the server’s file name is kept without any folder', () => {
    expect(dispositionName('attachment; filename="cases-20261207-2300.csv"')).toBe('cases-20261207-2300.csv');
    expect(dispositionName('attachment; filename=assessment.xlsx; size=3')).toBe('assessment.xlsx');
    expect(dispositionName('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(dispositionName('attachment; filename=".."')).toBeNull();
    expect(dispositionName('attachment')).toBeNull();
    expect(dispositionName(null)).toBeNull();
  });
  it('a UTF-8 name that fetch read byte by byte is read again as UTF-8', () => {
    const latin1 = String.fromCharCode(...bytes('attachment; filename="考核-2026.xlsx"'));
    expect(dispositionName(latin1)).toBe('考核-2026.xlsx');
  });
});

describe('PDFs', () => {
  it('pages are counted without the page tree', () => {
    const pdf = bytes('%PDF-1.7\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >>\n2 0 obj << /Type /Page /Parent 1 0 R >>\n3 0 obj <</Type /Page/Parent 1 0 R>>');
    expect(isPdf(pdf)).toBe(true);
    expect(pdfPages(pdf)).toBe(2);
    expect(pdfPages(bytes('%PDF-1.7'))).toBe(0);
    expect(isPdf(bytes('{"code":"x"}'))).toBe(false);
  });
});

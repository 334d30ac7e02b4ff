// 导出: the case list's file formats with their button labels, and what a saved file says.

import type { ExportFormat, SavedFile } from '../api/types';
import type { MessageKey, Translate } from '../i18n/dictionary';

/** The formats in the order the buttons show them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'geojson'];

export const EXPORT_LABEL: Record<ExportFormat, MessageKey> = {
  csv: 'export.csv',
  xlsx: 'export.xlsx',
  geojson: 'export.geojson',
};

/** 已保存到 <path>. */
export function savedText(file: SavedFile, t: Translate): string {
  return t('export.saved', { path: file.path });
}

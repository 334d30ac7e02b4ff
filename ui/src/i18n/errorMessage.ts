// A person-readable message for an ApiError: known codes get a translated text, others show
// the engine's own message (which already says what went wrong).

import { toApiError } from '../api/error';
import type { Translate } from './dictionary';

export function errorMessage(e: unknown, t: Translate): string {
  const err = toApiError(e);
  switch (err.code) {
    case 'unauthorized':
      return t('error.unauthorized');
    case 'network':
    case 'unreachable':
      return t('error.network');
    case 'offline':
      return t('error.offline');
    case 'no_position':
      return t('error.no_position');
    case 'enrollment_used':
      return t('error.enrollment_used');
    case 'enrollment_expired':
      return t('error.enrollment_expired');
    case 'enrollment_unknown':
      return t('error.enrollment_unknown');
    case 'device_revoked':
      return t('error.device_revoked');
    case 'person_deactivated':
      return t('error.person_deactivated');
    case 'no_qr_code':
      return t('error.no_qr_code');
    case 'not_enrollment_code':
      return t('error.not_enrollment_code');
    case 'use_the_app':
      return t('error.use_the_app');
    case 'not_in_browser':
      return t('error.not_in_browser');
    case 'ipc':
      return t('error.ipc', { message: err.message });
    default:
      return t('error.generic', { message: err.message });
  }
}

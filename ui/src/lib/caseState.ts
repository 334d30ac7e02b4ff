// How a case state looks: the badge tone for each step of the loop.

import type { AuditAction, CaseState, TaskAction } from '../api/types';

export type BadgeTone = 'info' | 'warn' | 'ok' | 'danger' | 'plain';

export function stateTone(state: CaseState): BadgeTone {
  switch (state) {
    case 'reported':
    case 'accepted':
      return 'info';
    case 'dispatched':
    case 'in_progress':
      return 'warn';
    case 'resolved':
    case 'verified':
    case 'closed':
      return 'ok';
    case 'rejected':
      return 'danger';
    default:
      return 'plain';
  }
}

/** The next field actions a handler can take on a task in this state (the domain's state
 *  machine: acknowledge keeps the state, so whether it happened comes from the audit). */
export function nextTaskActions(state: CaseState, acknowledged: boolean): TaskAction[] {
  switch (state) {
    case 'dispatched':
      return acknowledged ? ['start', 'resolve', 'return'] : ['acknowledge', 'start', 'return'];
    case 'in_progress':
      return ['resolve', 'return'];
    default:
      return [];
  }
}

/** Whether the audit holds the assignee's acknowledgement since the case was last dispatched. */
export function isAcknowledged(audit: readonly { action: AuditAction }[]): boolean {
  for (let i = audit.length - 1; i >= 0; i--) {
    const a = audit[i]?.action;
    if (a === 'acknowledge_task') return true;
    if (a === 'dispatch' || a === 'reassign' || a === 'verify') return false;
  }
  return false;
}

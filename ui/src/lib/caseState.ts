// How a case state looks: the badge tone for each step of the loop.

export type BadgeTone = 'info' | 'warn' | 'ok' | 'danger' | 'plain';

export function stateTone(state: string): BadgeTone {
  switch (state) {
    case 'reported':
    case 'accepted':
      return 'info';
    case 'dispatched':
    case 'acknowledged':
    case 'in_progress':
      return 'warn';
    case 'resolved':
    case 'verified':
    case 'closed':
      return 'ok';
    case 'rework':
    case 'returned':
    case 'rejected':
      return 'danger';
    default:
      return 'plain';
  }
}

/** The next field action a handler can take on a task in this state. */
export function nextTaskActions(state: string): ('acknowledge' | 'start' | 'resolve' | 'return')[] {
  switch (state) {
    case 'dispatched':
    case 'rework':
      return ['acknowledge', 'start', 'return'];
    case 'acknowledged':
      return ['start', 'return'];
    case 'in_progress':
      return ['resolve', 'return'];
    default:
      return [];
  }
}

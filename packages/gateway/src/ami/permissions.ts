/**
 * Manager permission classes (`read=`/`write=` in manager.conf), as main/manager.c's `perms[]`.
 * `all` is every class, `none` is none.
 */
export const AMI_CLASSES = [
  'system',
  'call',
  'log',
  'verbose',
  'command',
  'agent',
  'user',
  'config',
  'dtmf',
  'reporting',
  'cdr',
  'dialplan',
  'originate',
  'agi',
  'cc',
  'aoc',
  'test',
  'security',
  'message',
] as const;

export type AmiClass = (typeof AMI_CLASSES)[number];

const LABELS: readonly string[] = [...AMI_CLASSES, 'all', 'none'];

/**
 * Asterisk's `ast_instring(list, label, ',')`: a comma-separated item equals `label`, except that
 * an item before the last matches every label it is a prefix of (Asterisk compares only the
 * item's length), and spaces are not trimmed. Kept as it is: it decides who may send.
 */
function inList(list: string, label: string): boolean {
  const items = list.split(',');
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (i === items.length - 1) return item === label;
    if (label.startsWith(item)) return true;
  }
  return false;
}

/** The classes a `read=`/`write=` value grants, by Asterisk's `get_perm`. */
export function parsePermissions(value: string): AmiClass[] {
  if (LABELS.some((label) => label === 'all' && inList(value, label))) return [...AMI_CLASSES];
  return AMI_CLASSES.filter((label) => inList(value, label));
}

/** Items of a `read=`/`write=` value that name no class (Asterisk ignores them without a word). */
export function unknownPermissionItems(value: string): string[] {
  return value.split(',').filter((item) => !LABELS.includes(item));
}

/**
 * The name part of an endpoint's `callerid=`, as res_pjsip's caller_id_handler keeps it
 * (main/callerid.c ast_callerid_split → ast_callerid_parse): `"Alice" <100>` and `Alice` give
 * Alice; a bare phone number (`100`, `(555) 123-4567`) has no name unless it was quoted; backslash
 * escapes are removed; at most 79 characters (its 80-byte buffer). Undefined when there is no name,
 * which is when Asterisk leaves PJSIP_ENDPOINT unset.
 */
export function calleridName(callerid: string | undefined): string | undefined {
  if (!callerid) return undefined;
  const input = callerid.trim();
  const instr = stripQuoted(input);
  const ls = instr.lastIndexOf('<');
  let name: string | undefined;
  if (ls >= 0) name = stripQuoted(instr.slice(0, ls));
  else if (instr !== input || !isPhoneNumber(shrinkPhoneNumber(instr))) name = stripQuoted(instr);
  const unescaped = name?.replace(/\\(.?)/gs, '$1').slice(0, 79);
  return unescaped ? unescaped : undefined;
}

/** ast_strip_quoted: trimmed, then one pair of surrounding double quotes removed. */
function stripQuoted(text: string): string {
  const s = text.trim();
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** ast_shrink_phone_number: drops `( )` and spaces, `-` outside `[]`, and `.` except a last one. */
function shrinkPhoneNumber(n: string): string {
  let out = '';
  let bracketed = 0;
  for (let x = 0; x < n.length; x++) {
    const c = n[x]!;
    if (c === '[') bracketed++;
    else if (c === ']') bracketed--;
    else if (c === '-' && !bracketed) continue;
    else if (c === '.' && x + 1 < n.length) continue;
    else if ('( )'.includes(c)) continue;
    out += c;
  }
  return out;
}

/** ast_isphonenumber: one or more of `0-9*#+` only. */
function isPhoneNumber(n: string): boolean {
  return /^[0-9*#+]+$/.test(n);
}

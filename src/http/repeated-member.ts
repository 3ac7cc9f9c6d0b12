/** A JSON Pointer segment: `~` and `/` escaped (RFC 6901). */
const segment = (name: string): string => name.replaceAll('~', '~0').replaceAll('/', '~1');

type Frame = { kind: 'object'; names: Set<string>; name: string } | { kind: 'array'; index: number };

/**
 * The JSON Pointer of the first member that an object of this JSON text names twice (compared as decoded
 * strings, so `"city"` and `"c\u0069ty"` are one name), or null when every object names each member once.
 * The text must be valid JSON (it was parsed already): the scan only follows strings, brackets and commas.
 */
export function repeatedMember(text: string): string | null {
  const stack: Frame[] = [];
  // Whether the next string is a member name: right after `{`, or after a `,` of an object.
  let nameNext = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = i + 1;
      for (let d = text.charCodeAt(end); d !== 0x22; d = text.charCodeAt(end)) end += d === 0x5c ? 2 : 1;
      const top = stack.at(-1);
      if (nameNext && top?.kind === 'object') {
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.names.has(name)) return [...stack.slice(0, -1).map((f) => (f.kind === 'object' ? segment(f.name) : String(f.index))), segment(name)].map((s) => `/${s}`).join('');
        top.names.add(name);
        top.name = name;
        nameNext = false;
      }
      i = end;
    } else if (c === 0x7b) {
      stack.push({ kind: 'object', names: new Set(), name: '' });
      nameNext = true;
    } else if (c === 0x5b) {
      stack.push({ kind: 'array', index: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const top = stack.at(-1);
      if (top?.kind === 'object') nameNext = true;
      else if (top?.kind === 'array') top.index += 1;
    }
  }
  return null;
}

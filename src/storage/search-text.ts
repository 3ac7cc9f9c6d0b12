import { CONTACT_CATALOG } from '../domain/catalog/contact-catalog.ts';
import { SEARCHED_CUSTOM_TYPES, type CustomAttribute, type CustomValueType } from '../domain/catalog/custom-attribute.ts';
import type { Contact } from '../domain/contact.ts';
import { asciiLower, type ContactQueryPlan } from '../domain/contact-query.ts';
import { WORD_CHARACTER, codePoints, foldText, isShortToken } from '../domain/text-fold.ts';
import type { ContactItem } from '../domain/values/contact-item.ts';
import { phoneDigits } from '../domain/values/phone-number.ts';

/*
 * The stored forms behind folded text matching (see src/domain/text-fold.ts for the rule).
 *
 * `<column>_folded`: the folded value of a text column, stored only when it differs from the column's
 * ASCII lower-casing (so ASCII text costs nothing); SQL reads `coalesce(x_folded, lower(x))`, and lower()
 * folds ASCII alone on both dialects (byte collation), so the expression is the folded value everywhere.
 *
 * `search_text`: one document per contact that both text indexes (FTS5 trigram, pg_trgm GIN) cover:
 *
 *   <folded text 1> "\n" <folded text 2> … "\n" WS WS <word start 1> WS WS <word start 2> …
 *
 * where WS is U+0002 and a word start is the first one or two characters at every position of a text that
 * begins it or follows a character that is neither letter nor digit. A token of three or more characters
 * matches where it occurs in the texts (it holds no whitespace, so never across two texts, and no U+0002,
 * so never in the word starts); a one- or two-character token matches as WS WS t or WS tt, three
 * characters that only a word start holds — and that a trigram index serves.
 */

/** Marks a word start in search_text; never in a token (control characters are refused there). */
const WORD_START = '\u0002';
const MARK = WORD_START + WORD_START;

/** Scalar columns that contains / starts_with / ends_with fold: each has a `<name>_folded` column. */
export const FOLDED_COLUMNS: readonly string[] = CONTACT_CATALOG
  .filter((a) => !a.isList && (a.valueType === 'string' || a.valueType === 'email') && a.filterOperators.includes('contains'))
  .map((a) => a.apiName);

/** The list attributes whose items are in search_text, so a positive text match can be pre-filtered by it. */
const SEARCHED_LISTS = new Set(CONTACT_CATALOG.filter((a) => a.isSearchable && a.isList).map((a) => a.apiName));

/** Attributes whose every value is in search_text (emails and phones through their lists). */
export const IN_SEARCH_TEXT: ReadonlySet<string> = new Set([
  ...CONTACT_CATALOG.filter((a) => a.isSearchable).map((a) => a.apiName),
  ...(SEARCHED_LISTS.has('contact_emails') ? ['primary_email'] : []),
  ...(SEARCHED_LISTS.has('contact_phone_numbers') ? ['primary_phone_number'] : []),
]);

/** What a `<column>_folded` column holds for a value: null when folding is ASCII lower-casing. */
export function foldedColumnValue(value: string | null): string | null {
  if (value === null) return null;
  const folded = foldText(value);
  return folded === asciiLower(value) ? null : folded;
}

const SEARCHABLE = CONTACT_CATALOG.filter((a) => a.isSearchable);

/**
 * The raw texts `search` looks in: every searchable attribute's value, every item of a searchable list
 * (phone numbers in E.164, whose digits are one run, so "555 0132" finds +14155550132). Custom searchable
 * attributes join here: pass their values to searchDocument beside these.
 */
export function searchableTexts(contact: Contact): string[] {
  const texts: string[] = [];
  const values = contact as unknown as Record<string, unknown>;
  for (const def of SEARCHABLE) {
    const value = values[def.apiName];
    if (def.isList) for (const item of value as ContactItem[]) texts.push(item.value);
    else if (typeof value === 'string') texts.push(value);
  }
  return texts;
}

const WHITESPACE = /\s/u;
// eslint-disable-next-line no-control-regex -- any ASCII character
const ASCII = /^[\x00-\x7f]*$/;
const isAsciiWhitespace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isAsciiWordCharacter = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Adds the word starts of one folded text (the same rule for ASCII text, without splitting it into code points). */
function addWordStarts(text: string, starts: Set<string>): void {
  if (ASCII.test(text)) {
    for (let i = 0; i < text.length; i += 1) {
      if (isAsciiWhitespace(text.charCodeAt(i)) || (i > 0 && isAsciiWordCharacter(text.charCodeAt(i - 1)))) continue;
      starts.add(i + 1 < text.length && !isAsciiWhitespace(text.charCodeAt(i + 1)) ? text.slice(i, i + 2) : text[i] as string);
    }
    return;
  }
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += 1) {
    if (WHITESPACE.test(chars[i] as string) || (i > 0 && WORD_CHARACTER.test(chars[i - 1] as string))) continue;
    const next = chars[i + 1];
    starts.add(next !== undefined && !WHITESPACE.test(next) ? (chars[i] as string) + next : (chars[i] as string));
  }
}

/**
 * A folded text as search_text holds it: U+0003 (CUSTOM_PART) as a space, which splits words the same way, so a
 * name holding it cannot end the standard part early (a search with an archived attribute missed its words).
 */
const withoutPartMark = (folded: string): string => (folded.includes('\u0003') ? folded.replaceAll('\u0003', ' ') : folded);

/** search_text for these raw texts (see the format above). */
export function searchDocument(texts: readonly string[]): string {
  if (texts.length === 0) return '';
  const folded = texts.map((text) => withoutPartMark(foldText(text)));
  const starts = new Set<string>();
  for (const text of folded) addWordStarts(text, starts);
  let marked = '';
  for (const start of starts) marked += MARK + start;
  return marked === '' ? folded.join('\n') : `${folded.join('\n')}\n${marked}`;
}

/** The literal text a folded search token must occur as in search_text. */
export function tokenNeedle(token: string): string {
  if (!isShortToken(token)) return token;
  // Both forms are three characters: the shortest a trigram index can look up.
  return codePoints(token) === 1 ? WORD_START + WORD_START + token : WORD_START + token;
}

/** A token is looked up by its phone digits too when they are at least this many. */
const MIN_PHONE_DIGITS = 3;

/**
 * The texts a folded search token may occur as in search_text: any one of them is a match. Usually the
 * token's own needle (tokenNeedle). A token written like a phone number (`555-0132`, `(415)`,
 * `415.555.0132`, `+1-415`) may also occur as its digits, with its leading `+` (`5550132`, `415`,
 * `4155550132`, `+1415`): phone numbers are stored and searched in E.164 (`+14155550132`), which has no
 * punctuation, while the token as typed still finds the same text written elsewhere (a title "ext.
 * 555-0132").
 */
export function tokenNeedles(token: string): string[] {
  const needle = tokenNeedle(token);
  const digits = phoneDigits(token);
  if (digits === null || digits === needle || digits.replace('+', '').length < MIN_PHONE_DIGITS) return [needle];
  return [needle, digits];
}

/**
 * The needle groups a search asks search_text for: a contact must hold one needle of every group. A phone
 * run (a number written in groups) must be held as all its tokens or as its digits; as groups that is, for
 * each of its tokens, that token or the run's digits (`d or (a and b)` = `(d or a) and (d or b)`).
 */
export function searchNeedles(plan: Pick<ContactQueryPlan, 'search' | 'phoneRuns'>): string[][] {
  const groups = plan.search.map(tokenNeedles);
  const seen = new Set(groups.map((g) => g.join('\n')));
  for (const run of plan.phoneRuns) {
    for (const token of run.tokens) {
      const group = [...tokenNeedles(token), run.digits];
      const key = group.join('\n');
      if (!seen.has(key)) {
        seen.add(key);
        groups.push(group);
      }
    }
  }
  return groups;
}

/*
 * Custom attributes of type string, email and url (SEARCHED_CUSTOM_TYPES) are searched. Their values follow the standard texts in search_text as a
 * document of their own after U+0003:
 *
 *   <standard document> "\n" U+0003 <custom document>
 *
 * so the index finds a token in either, and the standard part alone (everything before U+0003) can be
 * checked on its own. Values of archived attributes stay in the document (archiving rewrites no contact);
 * a search in an organization with archived searchable attributes checks each token against the standard
 * part or a live attribute's value (the side table's search_text) — see contact-query.ts.
 */
const SEARCHABLE_CUSTOM_TYPES = SEARCHED_CUSTOM_TYPES;

/** Separates the standard document from the custom one in search_text. */
export const CUSTOM_PART = '\u0003';

/** Whether a custom attribute's values are searched (when it is live). */
export const isSearchableCustom = (d: Pick<CustomAttribute, 'valueType'>): boolean => SEARCHABLE_CUSTOM_TYPES.has(d.valueType);

/** The contact's search_text: its standard texts, then the values it holds of searchable custom attributes (archived ones included). */
export function contactSearchText(contact: Contact, definitions: readonly CustomAttribute[]): string {
  const standard = searchDocument(searchableTexts(contact));
  if (definitions.length === 0) return standard;
  const texts: string[] = [];
  for (const def of definitions) {
    if (!isSearchableCustom(def)) continue;
    const value = contact.custom[def.apiName];
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') texts.push(item);
  }
  return texts.length === 0 ? standard : `${standard}\n${CUSTOM_PART}${searchDocument(texts)}`;
}

/** The side table's search_text of one value of a searchable custom attribute (null for other types). */
export function customValueSearchText(valueType: CustomValueType, value: unknown): string | null {
  return SEARCHABLE_CUSTOM_TYPES.has(valueType) && typeof value === 'string' ? searchDocument([value]) : null;
}

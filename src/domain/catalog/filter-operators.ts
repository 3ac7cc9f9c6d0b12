import type { ValueType } from '../values/value-codec.ts';

export type FilterOperator =
  | 'eq' | 'ne' | 'in' | 'not_in'
  | 'contains' | 'starts_with' | 'ends_with'
  | 'gt' | 'gte' | 'lt' | 'lte' | 'between'
  | 'exists' | 'not_exists';

export const ALL_FILTER_OPERATORS: readonly FilterOperator[] = [
  'eq', 'ne', 'in', 'not_in', 'contains', 'starts_with', 'ends_with', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists',
];

const EQUALITY: FilterOperator[] = ['eq', 'ne', 'in', 'not_in', 'exists', 'not_exists'];
const TEXT: FilterOperator[] = [...EQUALITY, 'contains', 'starts_with', 'ends_with'];
const ORDERED: FilterOperator[] = [...EQUALITY, 'gt', 'gte', 'lt', 'lte', 'between'];

/** The operators each value type supports when it is filterable. */
export const OPERATORS_BY_VALUE_TYPE: Record<ValueType, FilterOperator[]> = {
  uuid: EQUALITY,
  timestamp: ORDERED,
  string: [...TEXT, 'gt', 'gte', 'lt', 'lte', 'between'],
  email: TEXT,
  phone_number: TEXT,
  boolean: ['eq', 'ne', 'exists', 'not_exists'],
  enum: EQUALITY,
  address: ['exists', 'not_exists'],
  contact_stage: EQUALITY,
  record_reference: EQUALITY,
  contact_email: TEXT,
  contact_phone_number: TEXT,
  created_source_form_submission_details: ['exists', 'not_exists'],
  long_text: ['exists', 'not_exists'],
  number: ORDERED,
  date: ORDERED,
  url: TEXT,
  select: EQUALITY,
  currency: EQUALITY,
};

import { normalizePhoneNumber, phoneNumberProblem } from './phone-number.ts';
import { itemCodec, type ItemKind } from './contact-item.ts';

/** contact_phone_number items: `{id, phone_number, is_primary, labels}`, the number in E.164. */
export const PHONE_ITEM: ItemKind = {
  valueType: 'contact_phone_number',
  field: 'phone_number',
  normalize: normalizePhoneNumber,
  invalidMessage: phoneNumberProblem,
};

export const contactPhoneNumberCodec = itemCodec(PHONE_ITEM);

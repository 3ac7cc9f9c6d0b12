import { normalizeEmail } from './email.ts';
import { itemCodec, type ItemKind } from './contact-item.ts';

/** contact_email items: `{id, email, is_primary, labels}`, the address normalized like primary_email. */
export const EMAIL_ITEM: ItemKind = {
  valueType: 'contact_email',
  field: 'email',
  normalize: (raw) => normalizeEmail(raw),
  invalidMessage: (raw) => `not a valid email address: ${JSON.stringify(raw.slice(0, 100))}`,
};

export const contactEmailCodec = itemCodec(EMAIL_ITEM);

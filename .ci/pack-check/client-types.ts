// Pack check: the installed @contactd/client's declarations, type-checked (tsc --noEmit) as a .mts and a
// .cts file under moduleResolution node16 (its ESM and CommonJS declarations) and as a .ts file under
// moduleResolution bundler. The @ts-expect-error lines fail the check if the types resolve to any.
import { ContactdError, createContactdClient, type ContactRecord, type ContactQueryRequest, type ErrorCode } from '@contactd/client';

export async function useClient(origin: string, apiKey: string): Promise<string> {
  const client = createContactdClient({ baseUrl: origin, apiKey });
  const query: ContactQueryRequest = { filters: [{ field: 'primary_email', operator: 'eq', value: 'a@example.com' }], limit: 10 };
  const page = await client.queryContacts(query);
  const first: ContactRecord | undefined = page.data[0];
  const name: string | null | undefined = first?.attributes.display_name.value;
  // @ts-expect-error a contact id is a string, not a number
  const wrong: number = first?.id ?? 0;
  const health = await client.raw.GET('/api/v2/health');
  // @ts-expect-error the API has no such route
  await client.raw.GET('/api/v2/no-such-route');
  try {
    await client.getContact('00000000-0000-4000-8000-000000000000');
  } catch (error) {
    if (error instanceof ContactdError) {
      const code: ErrorCode | 'http_error' = error.code;
      return `${error.status} ${code}`;
    }
  }
  return `${name ?? ''} ${wrong} ${health.data?.data.status ?? ''}`;
}

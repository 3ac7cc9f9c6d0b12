import { describe, expect, it } from 'vitest';
import type { CustomAttribute } from '../../src/domain/catalog/custom-attribute.ts';
import type { CustomAttributeStore } from '../../src/domain/custom-attribute-store.ts';
import { CustomAttributes } from '../../src/domain/custom-attributes.ts';

const ORG = '01a24f3c-874a-710f-975f-42ae077abd31';

/** A definition store whose reads and writes a test can hold until it lets them go. */
class HeldStore implements CustomAttributeStore {
  definitions: CustomAttribute[] = [];
  version = 0;
  /** When set, the next schemaVersion() answers only when the test resolves it (with what it read then). */
  holdVersionRead: ((answer: (version: number) => void) => void) | null = null;
  holdCreate: Promise<void> | null = null;

  schemaVersion(): Promise<number> {
    const hold = this.holdVersionRead;
    this.holdVersionRead = null;
    return hold === null ? Promise.resolve(this.version) : new Promise((resolve) => hold(resolve));
  }

  async customAttributes(): Promise<{ definitions: CustomAttribute[]; version: number }> {
    return { definitions: [...this.definitions], version: this.version };
  }

  async createCustomAttribute(attribute: CustomAttribute): Promise<void> {
    if (this.holdCreate !== null) await this.holdCreate;
    this.definitions.push(attribute);
    this.version += 1;
  }

  async saveCustomAttribute(): Promise<boolean> {
    return true;
  }
}

describe('CustomAttributes catalog cache', () => {
  it('a catalog read that was in flight while this process changed a definition is not served after the change returned', async () => {
    const store = new HeldStore();
    let now = 0;
    const attributes = new CustomAttributes(store, { maxLive: 500, now: () => now, clock: () => '2026-12-07T00:00:00.000Z' });
    expect((await attributes.catalog(ORG)).custom).toEqual([]);

    // The define's write is held while another request starts revalidating the (now stale) catalog.
    now += 5_000;
    let releaseCreate!: () => void;
    store.holdCreate = new Promise((resolve) => { releaseCreate = resolve; });
    const created = attributes.create(ORG, { api_name: 'lead_score', display_name: 'Lead score', value_type: 'number' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    now += 5_000;
    let answerVersion!: (version: number) => void;
    store.holdVersionRead = (answer) => { answerVersion = answer; };
    const inFlight = attributes.catalog(ORG);

    // The define commits and returns; the request that started before it then reads the old version.
    releaseCreate();
    await created;
    const afterChange = attributes.catalog(ORG);
    answerVersion(0);
    await inFlight;
    expect((await afterChange).get('lead_score')?.apiName).toBe('lead_score');
    expect((await attributes.catalog(ORG)).get('lead_score')?.apiName).toBe('lead_score');
  });
});

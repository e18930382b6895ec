import { describe, expect, it } from 'vitest';
import { describeUpstreamRefusal } from './upstream-refusal';

describe('describeUpstreamRefusal', () => {
  it('tells the key, the plan and a blocked website apart', () => {
    expect(describeUpstreamRefusal('upstream_auth')?.title).toMatch(/API key/);
    expect(describeUpstreamRefusal('upstream_organization_blocked')?.description).toMatch(/plan, billing or entitlements.*never helps/);
    expect(describeUpstreamRefusal('upstream_source_blocked')?.title).toMatch(/blocks this website/);
  });

  it('has nothing to say about other codes', () => {
    expect(describeUpstreamRefusal('upstream_unreachable')).toBeNull();
    expect(describeUpstreamRefusal('toString')).toBeNull();
    expect(describeUpstreamRefusal(null)).toBeNull();
  });
});

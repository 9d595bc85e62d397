import { planCapacity } from '../../lib';

describe('planCapacity', () => {
  test.each([
    // [baseline, AZs, perAz, minimum, headroom %]
    [6, 3, 3, 9, 50],
    [1, 2, 1, 2, 100],
    [3, 3, 2, 6, 100],
    [4, 3, 2, 6, 50],
    [10, 4, 4, 16, 60],
  ])('baseline %i over %i AZs: %i per AZ, minimum %i, headroom %i%%', (baseline, zones, perAz, minimum, headroom) => {
    const plan = planCapacity({ baseline, maximum: 100 }, zones);
    expect(plan).toMatchObject({ perAz, minimum, headroomPercent: headroom, survivesLossOfOneAz: true });
  });

  test.each([
    // [baseline, AZs, peak share per AZ]: what one AZ must hold to serve the traffic DNS sends it
    [6, 3, 2],
    [4, 3, 2],
    [3, 3, 1],
    [1, 2, 1],
    [10, 4, 3],
  ])('baseline %i over %i AZs: an AZ below %i healthy leaves DNS', (baseline, zones, peakSharePerAz) => {
    expect(planCapacity({ baseline, maximum: 100 }, zones).peakSharePerAz).toBe(peakSharePerAz);
  });

  test('the AZs other than one below its peak share still hold the baseline, and the peak share never exceeds perAz', () => {
    for (let zones = 2; zones <= 6; zones++) {
      for (let baseline = 1; baseline <= 200; baseline++) {
        const plan = planCapacity({ baseline, maximum: 1000 }, zones);
        expect(plan.peakSharePerAz).toBeLessThanOrEqual(plan.perAz);
        expect(plan.peakSharePerAz * zones).toBeGreaterThanOrEqual(baseline);
        expect(plan.perAz * (zones - 1)).toBeGreaterThanOrEqual(baseline);
      }
    }
  });

  test('keeps at least the baseline after losing any one AZ, for every baseline and AZ count', () => {
    for (let zones = 2; zones <= 6; zones++) {
      for (let baseline = 1; baseline <= 200; baseline++) {
        const plan = planCapacity({ baseline, maximum: 1000 }, zones);
        expect(plan.minimum - plan.perAz).toBeGreaterThanOrEqual(baseline);
        // And not more per AZ than needed.
        expect((plan.perAz - 1) * (zones - 1)).toBeLessThan(baseline);
      }
    }
  });
});

import fc from 'fast-check';
import { DIAGNOSTIC_STRATA } from '../../common/vocabulary/diagnosis';
import {
  allocationSequence,
  BLOCK_SIZES,
  drawAllocation,
  MAX_IMBALANCE,
  permutedBlock,
  START,
} from './block-randomisation';

const SEED = 'b1f4c0de5eed0000b1f4c0de5eed0000b1f4c0de5eed0000b1f4c0de5eed0000';

describe('Randomised allocation in permuted blocks', () => {
  it('keeps 1,000 simulated referrals per site and stratum within the block balance at every point', () => {
    const sites = ['site-a', 'site-b'];
    // Referrals arrive interleaved across sites and strata; each stratum has its own sequence.
    const cursors = new Map<string, { cursor: typeof START; peer: number; usual: number; blockEnds: number[] }>();
    for (let i = 0; i < 1000; i++) {
      const key = `${sites[i % 2]}:${DIAGNOSTIC_STRATA[(i * 7) % 3]}`;
      const state = cursors.get(key) ?? { cursor: START, peer: 0, usual: 0, blockEnds: [] };
      const draw = drawAllocation(`${SEED}:${key.split(':')[0]}`, key.split(':')[1], state.cursor);
      if (draw.arm === 'peer_support') state.peer++;
      else state.usual++;
      expect(Math.abs(state.peer - state.usual)).toBeLessThanOrEqual(MAX_IMBALANCE);
      if (draw.next.offset === 0) {
        expect(state.peer).toBe(state.usual);
        state.blockEnds.push(state.peer + state.usual);
      }
      state.cursor = draw.next;
      cursors.set(key, state);
    }
    expect(cursors.size).toBe(6);
    for (const state of cursors.values()) expect(state.blockEnds.length).toBeGreaterThan(10);
  });

  it('keeps every block 1:1 and within the allowed sizes, for any seed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.constantFrom(...DIAGNOSTIC_STRATA),
        fc.nat(10_000),
        (seed, stratum, blockIndex) => {
          const block = permutedBlock(seed, stratum, blockIndex);
          expect(BLOCK_SIZES).toContain(block.length);
          expect(block.filter((arm) => arm === 'peer_support').length).toBe(block.length / 2);
        },
      ),
    );
  });

  it('varies the block size at random', () => {
    const sizes = new Set(Array.from({ length: 60 }, (_, i) => permutedBlock(SEED, 'psychotic', i).length));
    expect([...sizes].sort()).toEqual([...BLOCK_SIZES]);
  });

  it('reproduces the same sequence from the same seed, and a different one from another seed or stratum', () => {
    const arms = (seed: string, stratum: string) =>
      allocationSequence(seed, stratum, 200)
        .map((d) => d.arm)
        .join(',');
    expect(arms(SEED, 'psychotic')).toBe(arms(SEED, 'psychotic'));
    expect(arms(SEED, 'psychotic')).not.toBe(arms(`${SEED}x`, 'psychotic'));
    expect(arms(SEED, 'psychotic')).not.toBe(arms(SEED, 'personality_disorder'));
  });

  it('allocates both arms equally over a long run', () => {
    const draws = allocationSequence(SEED, 'other_non_psychotic', 3000);
    const peer = draws.filter((d) => d.arm === 'peer_support').length;
    expect(Math.abs(peer - (3000 - peer))).toBeLessThanOrEqual(MAX_IMBALANCE);
  });
});

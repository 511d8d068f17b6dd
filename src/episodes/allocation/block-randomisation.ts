import { createHmac } from 'node:crypto';
import type { AllocationArm } from '../support-episode.state-machine';

/** Block sizes, drawn at random per block, so the end of a block cannot be guessed. 1:1 needs even sizes. */
export const BLOCK_SIZES = [2, 4, 6] as const;
/** Most one arm can lead the other by at any point: half the largest block. */
export const MAX_IMBALANCE = Math.max(...BLOCK_SIZES) / 2;

/** Where a stratum's sequence has got to: the block in use and the next place in it. */
export interface SequenceCursor {
  blockIndex: number;
  offset: number;
}

export interface AllocationDraw {
  arm: AllocationArm;
  blockIndex: number;
  blockSize: number;
  /** Place within the block, from 0. */
  offset: number;
  next: SequenceCursor;
}

export const START: SequenceCursor = Object.freeze({ blockIndex: 0, offset: 0 });

/**
 * Seeded pseudo-random integer: HMAC-SHA-256 keyed by the stratum's secret seed over (stratum, block,
 * purpose, index). Deterministic, so the sequence is reproducible from the stored seed for audit;
 * unpredictable without the seed, so it stays concealed.
 */
export function seededUint32(
  seed: string,
  stratum: string,
  blockIndex: number,
  purpose: 'size' | 'shuffle',
  index = 0,
): number {
  return createHmac('sha256', seed).update(`${stratum}|${blockIndex}|${purpose}|${index}`).digest().readUInt32BE(0);
}

/** One permuted block: half peer support, half usual care, shuffled (Fisher–Yates), of a seeded size. */
export function permutedBlock(seed: string, stratum: string, blockIndex: number): AllocationArm[] {
  const size = BLOCK_SIZES[seededUint32(seed, stratum, blockIndex, 'size') % BLOCK_SIZES.length];
  const block: AllocationArm[] = Array.from({ length: size }, (_, i) => (i < size / 2 ? 'peer_support' : 'usual_care'));
  for (let i = size - 1; i > 0; i--) {
    const j = seededUint32(seed, stratum, blockIndex, 'shuffle', i) % (i + 1);
    [block[i], block[j]] = [block[j], block[i]];
  }
  return block;
}

/** The arm at the cursor, and the cursor after it. */
export function drawAllocation(seed: string, stratum: string, cursor: SequenceCursor): AllocationDraw {
  const block = permutedBlock(seed, stratum, cursor.blockIndex);
  const arm = block[cursor.offset];
  const next =
    cursor.offset + 1 < block.length
      ? { blockIndex: cursor.blockIndex, offset: cursor.offset + 1 }
      : { blockIndex: cursor.blockIndex + 1, offset: 0 };
  return { arm, blockIndex: cursor.blockIndex, blockSize: block.length, offset: cursor.offset, next };
}

/** The first `count` allocations of a stratum: for audit, to show a stored sequence follows from its seed. */
export function allocationSequence(seed: string, stratum: string, count: number): AllocationDraw[] {
  const draws: AllocationDraw[] = [];
  let cursor = START;
  for (let i = 0; i < count; i++) {
    const draw = drawAllocation(seed, stratum, cursor);
    draws.push(draw);
    cursor = draw.next;
  }
  return draws;
}

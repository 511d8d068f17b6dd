// Moved to test/support/builders.ts; this re-export only keeps branches written before the move compiling. Import builders.
export {
  type BuiltPeerWorker as MadePeerWorker,
  pair,
  type PeerWorkerProfile,
  Workforce as PeerWorkforce,
} from '../support/builders';

// Moved to test/support/builders.ts; this re-export only keeps branches written before the move compiling. Import builders.
export {
  deliverySite,
  type DeliverySite,
  episodeInCommunity,
  heldDetails,
  hoursFromNow,
  londonDate,
  pairedEpisode,
  peerWorkerAccount,
  type PeerWorkerAccount,
  refusedWith,
  wardMeeting,
} from '../support/builders';
